import { Worker } from 'node:worker_threads';

/** What the load client sends and for how long. */
export interface LoadClientOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** JSON request bodies for POST /recommend, used round-robin. */
  bodies: string[];
  /** Requests in flight at once (one keep-alive connection each). */
  concurrency: number;
  /** Stop after this many requests (0: use `durationMs`). */
  requests: number;
  /** Stop after this many ms (when `requests` is 0). */
  durationMs: number;
  /** Per-request timeout in ms (counted as an error). */
  timeoutMs?: number;
}

/** Raw outcome of a load run. */
export interface LoadClientResult {
  /** Latency of each completed request in ms (send → last byte), in completion order. */
  latenciesMs: Float64Array;
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
  /** Requests that failed without a response (connection error, timeout). */
  errors: number;
  /** First few error messages. */
  errorSamples: string[];
  /** Wall time from the first send to the last completion, ms. */
  wallMs: number;
}

/**
 * The worker's code (CommonJS, evaluated by `new Worker(code, { eval: true })` so it needs no file on
 * disk): `concurrency` loops, each sending POST /recommend over its own keep-alive connection and
 * waiting for the answer before the next (closed loop).
 */
const CLIENT_SOURCE = `
const { parentPort, workerData: o } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
const target = new URL('/recommend', o.url);
const lat = [];
const statuses = {};
const errorSamples = [];
let errors = 0, sent = 0, next = 0;
const start = performance.now();
const more = () => (o.requests > 0 ? sent < o.requests : performance.now() - start < o.durationMs);
function one(body) {
  return new Promise((resolve) => {
    const t = performance.now();
    const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: o.timeoutMs }, (res) => {
      res.on('data', () => {});
      res.on('end', () => { lat.push(performance.now() - t); statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1; resolve(); });
    });
    const fail = (e) => { errors++; if (errorSamples.length < 5) errorSamples.push(String(e && e.message || e)); resolve(); };
    req.on('timeout', () => req.destroy(new Error('timeout after ' + o.timeoutMs + ' ms')));
    req.on('error', fail);
    req.end(body);
  });
}
async function loop() {
  while (more()) {
    sent++;
    await one(o.bodies[next++ % o.bodies.length]);
  }
}
Promise.all(Array.from({ length: o.concurrency }, loop)).then(() => {
  const wallMs = performance.now() - start;
  agent.destroy();
  parentPort.postMessage({ latenciesMs: Float64Array.from(lat), statuses, errors, errorSamples, wallMs });
});
`;

/**
 * Runs a closed-loop load test against `POST /recommend` from a worker thread (its own event loop,
 * so the client does not steal the server's when both run in one process).
 */
export function runLoadClient(o: LoadClientOptions): Promise<LoadClientResult> {
  if (o.bodies.length === 0) throw new Error('runLoadClient: no request bodies');
  if (!(o.concurrency >= 1)) throw new Error(`runLoadClient: concurrency must be >= 1, got ${o.concurrency}`);
  if (!(o.requests > 0 || o.durationMs > 0)) throw new Error('runLoadClient: give requests > 0 or durationMs > 0');
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, { eval: true, workerData: { timeoutMs: 30_000, ...o } });
    worker.once('message', (r: LoadClientResult) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load client worker exited with code ${code}`));
    });
  });
}
