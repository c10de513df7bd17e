import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@clrec/backend/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVE_DEFAULTS, type Serving, startServing } from './serving';
import { prepareData } from './data';
import { popularityPrior } from './popularity-prior';
import { tinyRun } from './test-setup';
import { train } from './train';

const quiet = () => {};
let serving: Serving;
let runDir: string;
let tmp: string;

/** One HTTP exchange; resolves with status, headers and parsed JSON (or raw text). */
function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${serving.server.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown = text;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
const post = (body: unknown) => call('POST', '/recommend', typeof body === 'string' ? body : JSON.stringify(body));

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: quiet });
  const { dir, config } = tinyRun({ epochs: 1, maxEvalUsers: 50 });
  tmp = dir;
  runDir = config.out;
  await train({ config, backend: 'wasm', log: quiet });
  serving = await startServing({ ...SERVE_DEFAULTS, checkpoint: runDir, port: 0, k: 5, maxBodyBytes: 4096, maxSequenceLength: 20 });
}, 60_000);

afterAll(async () => {
  await serving?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The cosine top-k of a history computed directly (float64), as raw ids; `bias[dense]` is added to each score. */
function bruteForce(history: number[], k: number, exclude = false, bias?: Float32Array): string[] {
  const m = serving.model;
  const u = m.encode([{ history: Int32Array.from(history) }]);
  const items = m.itemVectors();
  const d = m.dim;
  const nu = Math.sqrt(u.reduce((s, v) => s + v * v, 0));
  const scored: [number, number][] = [];
  for (let r = 0; r < m.numItems; r++) {
    if (exclude && history.includes(r + 1)) continue;
    let dot = 0;
    let ni = 0;
    for (let j = 0; j < d; j++) {
      dot += u[j] * items[r * d + j];
      ni += items[r * d + j] ** 2;
    }
    scored.push([dot / (nu * Math.sqrt(ni)) + (bias ? bias[r + 1] : 0), r + 1]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return scored.slice(0, k).map(([, dense]) => m.itemIds[dense]);
}

describe('clrec serve', () => {
  it('loads raw ids from the checkpoint and answers the exact cosine top-k', async () => {
    expect(serving.model.idSource).toMatch(/item-ids\.json$/);
    const ids = serving.model.itemIds;
    const res = await post({ items: [ids[3], ids[7], Number(ids[12])] });
    expect(res.status).toBe(200);
    expect(res.json.k).toBe(5);
    expect(res.json.returned).toBe(5);
    expect(res.json.history_used).toBe(3);
    expect(res.json.items.map((x: { id: string }) => x.id)).toEqual(bruteForce([3, 7, 12], 5));
    const scores = res.json.items.map((x: { score: number }) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    scores.forEach((s: number) => expect(Math.abs(s)).toBeLessThanOrEqual(1));
  });

  it('leaves out the history when asked, honours k and orders clicks by timestamp', async () => {
    const ids = serving.model.itemIds;
    const hist = [5, 9, 20, 33];
    const res = await post({ items: hist.map((i) => ids[i]), k: 8, exclude_history: true });
    expect(res.status).toBe(200);
    const got = res.json.items.map((x: { id: string }) => x.id);
    expect(got).toEqual(bruteForce(hist, 8, true));
    for (const i of hist) expect(got).not.toContain(ids[i]);
    // clicks a, b, c at times 30, 10, 20 are the history b, c, a
    const timed = await post({ items: [ids[5], ids[9], ids[20]], timestamps: [30, 10, 20] });
    const ordered = await post({ items: [ids[9], ids[20], ids[5]] });
    expect(timed.status).toBe(200);
    expect(timed.json.items).toEqual(ordered.json.items);
  });

  it('says how many items it returned when fewer than k are left', async () => {
    const ids = serving.model.itemIds;
    const hist = [5, 9, 20, 33, 9];
    // the whole catalog of 150 without the 4 distinct clicks: 146 items, k stays what was asked
    const res = await post({ items: hist.map((i) => ids[i]), k: 150, exclude_history: true });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ k: 150, returned: 146 });
    expect(res.json.items).toHaveLength(146);
    expect(res.json.items.map((x: { id: string }) => x.id)).toEqual(bruteForce(hist, 146, true));
    expect(new Set(res.json.items.map((x: { id: string }) => x.id)).size).toBe(146);
    const all = await post({ items: [ids[1]], k: 150 });
    expect(all.json).toMatchObject({ k: 150, returned: 150 });
  });


  it('reports health', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'ok', auth: 'none', model: 'run', checkpoint: 'best', dataset: 'tiny.txt', items: 150, dim: 16, index: 'exact', similarity: 'cosine',
      max_len: 10, uses_timestamps: false, dropped_connections: 0, timed_out_connections: 0,
    });
    // no host paths
    const text = JSON.stringify(res.json);
    expect(text).not.toContain(tmp);
    expect(text).not.toMatch(/[\\/]/);
  });

  it('requires the bearer token when one is set, except on GET /health', async () => {
    const token = 'Zm9vYmFy-serve.token_42';
    const lines: string[] = [];
    const s2 = await startServing({ ...SERVE_DEFAULTS, checkpoint: runDir, port: 0, token }, (line) => lines.push(line));
    try {
      const url = s2.server.url;
      const ids = serving.model.itemIds;
      const body = JSON.stringify({ items: [ids[3]], k: 2 });
      const rec = (headers: Record<string, string>) => fetch(`${url}/recommend`, { method: 'POST', body, headers });
      const none = await rec({});
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="clrec"');
      expect(((await none.json()) as { error: string }).error).toMatch(/authentication required: send the header "Authorization: Bearer <token>"/);
      const wrong = await rec({ authorization: 'Bearer not-the-token-at-all' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
      expect(await wrong.text()).not.toMatch(/not-the-token|Zm9v/);
      expect((await rec({ authorization: `Basic ${token}` })).status).toBe(401);
      expect((await rec({ authorization: `Bearer ${token}x` })).status).toBe(401);
      const ok = await rec({ authorization: `Bearer ${token}` });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ k: 2, returned: 2 });
      // no route probing without the token; bodies are not read before the check
      expect((await fetch(`${url}/nope`)).status).toBe(401);
      expect((await fetch(`${url}/recommend`, { method: 'POST', body: 'x'.repeat(3 << 20) })).status).toBe(401);
      // /health stays open for probes, with the model facts for token holders only
      const open = await fetch(`${url}/health`);
      expect(open.status).toBe(200);
      const openJson = (await open.json()) as Record<string, unknown>;
      expect(openJson).toMatchObject({ status: 'ok', auth: 'bearer' });
      expect(openJson.items).toBeUndefined();
      const full = (await (await fetch(`${url}/health`, { headers: { authorization: `Bearer ${token}` } })).json()) as Record<string, unknown>;
      expect(full).toMatchObject({ status: 'ok', auth: 'bearer', items: 150 });
      expect(s2.server.counts.get(401)).toBe(6);
    } finally {
      await s2.close();
    }
    expect(lines.join('\n')).not.toContain(token);
  });

  it('refuses bad limits and tokens before loading the model', async () => {
    await expect(startServing({ ...SERVE_DEFAULTS, checkpoint: '/no/such/run', headersTimeoutMs: 5000, requestTimeoutMs: 1000 }))
      .rejects.toThrow(/--headers-timeout-ms: 5000 exceeds --request-timeout-ms 1000/);
    await expect(startServing({ ...SERVE_DEFAULTS, checkpoint: '/no/such/run', maxConnections: 0 })).rejects.toThrow(/--max-connections/);
    await expect(startServing({ ...SERVE_DEFAULTS, checkpoint: '/no/such/run', token: 'abc' })).rejects.toThrow(/--token: the bearer token must have at least 8/);
  });

  it('answers every bad input with a 4xx and a reason, and keeps serving', async () => {
    const ids = serving.model.itemIds;
    const cases: [string, () => Promise<{ status: number; json: any; headers: Record<string, unknown> }>, number, RegExp][] = [
      ['malformed JSON', () => post('{"items": ['), 400, /malformed JSON/],
      ['empty body', () => post(''), 400, /malformed JSON/],
      ['not an object', () => post([1, 2]), 400, /must be a JSON object/],
      ['missing items', () => post({}), 400, /missing field "items"/],
      ['items not an array', () => post({ items: ids[3] }), 400, /"items" must be an array/],
      ['empty sequence', () => post({ items: [] }), 400, /"items" is empty/],
      ['oversized sequence', () => post({ items: Array.from({ length: 21 }, () => ids[3]) }), 400, /21 clicks; at most 20/],
      ['unknown items', () => post({ items: [ids[3], 'nope', 99999] }), 422, /2 unknown item id\(s\): "nope", "99999"/],
      ['boolean item', () => post({ items: [true] }), 400, /"items"\[0\] must be a string or integer/],
      ['fractional item', () => post({ items: [1.5] }), 400, /"items"\[0\] must be a string or integer/],
      ['nested item', () => post({ items: [[ids[3]]] }), 400, /"items"\[0\] must be a string or integer/],
      ['k zero', () => post({ items: [ids[3]], k: 0 }), 400, /"k" must be an integer in \[1, 150\]/],
      ['k string', () => post({ items: [ids[3]], k: '5' }), 400, /"k" must be an integer/],
      ['k above the catalog', () => post({ items: [ids[3]], k: 151 }), 400, /"k" must be an integer in \[1, 150\]/],
      ['timestamps length', () => post({ items: [ids[3], ids[4]], timestamps: [1] }), 400, /"timestamps" has 1 entries but "items" has 2/],
      ['timestamp type', () => post({ items: [ids[3]], timestamps: ['yesterday'] }), 400, /"timestamps"\[0\] must be a finite number/],
      ['exclude_history type', () => post({ items: [ids[3]], exclude_history: 'yes' }), 400, /"exclude_history" must be true or false/],
      ['unknown field', () => post({ items: [ids[3]], itemz: [] }), 400, /unknown field\(s\) "itemz"; valid: items/],
      ['oversized body', () => post({ items: [ids[3]], pad: 'x'.repeat(5000) }), 413, /exceeds the limit of 4096 bytes/],
      ['oversized chunked body', () => call('POST', '/recommend', Buffer.alloc(6000, 32), { 'transfer-encoding': 'chunked' }), 413, /exceeds the limit of 4096 bytes/],
      ['form-encoded body', () => call('POST', '/recommend', 'items=3', { 'content-type': 'application/x-www-form-urlencoded' }), 400, /malformed JSON/],
      ['GET /recommend', () => call('GET', '/recommend'), 405, /GET is not allowed on \/recommend/],
      ['POST /health', () => call('POST', '/health', '{}'), 405, /POST is not allowed on \/health/],
      ['unknown path', () => call('GET', '/nope'), 404, /no route \/nope/],
    ];
    for (const [name, send, status, reason] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      expect(res.headers['content-type'], name).toMatch(/application\/json/);
      expect(res.json.error, name).toMatch(reason);
    }
    const unknown = await post({ items: ['nope'] });
    expect(unknown.json.unknown_items).toEqual(['nope']);
    expect((await call('GET', '/recommend')).headers.allow).toBe('POST');
    // garbage that is not HTTP at all gets a 400 on the socket
    const raw = await new Promise<string>((resolve) => {
      const s = connect(serving.server.port, '127.0.0.1', () => s.write('BLAH\r\n\r\n'));
      let text = '';
      s.on('data', (c) => (text += c.toString()));
      s.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request[\s\S]*bad HTTP request/);
    // still healthy, still correct, and no request ever got a 500
    expect((await call('GET', '/health')).status).toBe(200);
    expect((await post({ items: [ids[3]] })).status).toBe(200);
    expect(serving.server.counts.get(500)).toBeUndefined();
  });

  it('serves concurrent requests in batches with the same answers as one at a time', async () => {
    const ids = serving.model.itemIds;
    const histories = Array.from({ length: 40 }, (_, i) => [1 + (i % 150), 1 + ((i * 7) % 150), 1 + ((i * 13) % 150)]);
    const before = tf.memory().numTensors;
    const all = await Promise.all(histories.map((h) => post({ items: h.map((x) => ids[x]), k: 4 })));
    expect(tf.memory().numTensors).toBe(before);
    all.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.json.items.map((x: { id: string }) => x.id)).toEqual(bruteForce(histories[i], 4));
    });
  });

  it('falls back to the run item embeddings for raw ids, and serves with the HNSW index', async () => {
    // a checkpoint saved without raw ids (no meta.itemIds): no item-ids.json, and none listed in its manifest
    const idFile = join(runDir, 'checkpoints', 'best', 'item-ids.json');
    const manifestFile = join(runDir, 'checkpoints', 'best', 'checkpoint.json');
    const ids = readFileSync(idFile);
    const manifest = readFileSync(manifestFile, 'utf8');
    const { 'item-ids.json': _listed, ...files } = JSON.parse(manifest).files;
    rmSync(idFile);
    writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(manifest), files }));
    const other = await startServing({ ...SERVE_DEFAULTS, checkpoint: runDir, port: 0, index: 'hnsw' }).finally(() => {
      writeFileSync(idFile, ids); // later tests load it whole
      writeFileSync(manifestFile, manifest);
    });
    try {
      expect(other.model.idSource).toMatch(/item-embeddings\.json$/);
      expect(other.model.itemIds).toEqual(serving.model.itemIds);
      const res = await fetch(`${other.server.url}/recommend`, { method: 'POST', body: JSON.stringify({ items: ['4', '8'], k: 5 }) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { id: string }[] };
      // 150 items: the HNSW graph search is exhaustive enough to match the exact answer
      expect(body.items.map((x) => x.id)).toEqual(bruteForce([serving.model.denseIds.get('4')!, serving.model.denseIds.get('8')!], 5));
    } finally {
      await other.close();
    }
  });

  it('adds the popularity prior to the scores, exactly like the evaluation does', async () => {
    const alpha = 3;
    const other = await startServing({ ...SERVE_DEFAULTS, checkpoint: runDir, port: 0, popularityPrior: alpha });
    try {
      const m = serving.model;
      const prior = popularityPrior(prepareData(m.config, quiet).itemCounts, alpha, m.config.temperature)!;
      const ids = m.itemIds;
      const history = [3, 17, 42];
      const res = await fetch(`${other.server.url}/recommend`, { method: 'POST', body: JSON.stringify({ items: history.map((x) => ids[x]), k: 6 }) });
      const body = (await res.json()) as { items: { id: string; score: number }[] };
      expect(body.items.map((x) => x.id)).toEqual(bruteForce(history, 6, false, prior));
      // α 3 moves the list: it is not the plain cosine top-6
      expect(body.items.map((x) => x.id)).not.toEqual(bruteForce(history, 6));
      expect((await (await fetch(`${other.server.url}/health`)).json())).toMatchObject({ popularity_prior: alpha });
    } finally {
      await other.close();
    }
  });

  it('finishes an in-flight request when closed, then refuses connections', async () => {
    const ids = serving.model.itemIds;
    const s2 = await startServing({ ...SERVE_DEFAULTS, checkpoint: runDir, port: 0 });
    const url = s2.server.url;
    const arrived = new Promise((r) => s2.server.server.once('request', r));
    const inflight = fetch(`${url}/recommend`, { method: 'POST', body: JSON.stringify({ items: [ids[3]] }) });
    await arrived; // the server is reading it; its answer is still to come
    const closed = s2.close();
    expect((await inflight).status).toBe(200);
    await closed;
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
