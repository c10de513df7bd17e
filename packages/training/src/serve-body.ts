import type { IncomingMessage } from 'node:http';
import { HttpError } from './serve-request';

/**
 * Reads a request body as UTF-8, rejecting with 413 as soon as it exceeds `max` bytes (at once when
 * the declared `content-length` does), and with 400 when the client goes away before its end (e.g.
 * the connection was closed by the request timeout).
 */
export function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    req.resume(); // discard the rest; the 413 closes the connection
    return Promise.reject(new HttpError(413, `body of ${declared} bytes exceeds the limit of ${max} bytes (--max-body-bytes)`, { limit_bytes: max }));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let ended = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        reject(new HttpError(413, `body exceeds the limit of ${max} bytes (--max-body-bytes)`, { limit_bytes: max }));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      ended = true;
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => reject(new HttpError(400, `request body could not be read: ${e.message}`)));
    req.on('close', () => {
      if (!ended) reject(new HttpError(400, 'the connection closed before the request body ended'));
    });
  });
}

/** How the server answers a request that never became one: its status, reason phrase and JSON error. */
export interface ClientErrorAnswer {
  status: number;
  reason: string;
  error: string;
}

/**
 * The answer to a client error of node:http (`code` of its error): 408 for a request not received
 * within the timeouts, 431 for oversized headers, 400 for anything unparsable.
 */
export function clientErrorAnswer(code: string | undefined, message: string, limits: { headersTimeoutMs: number; requestTimeoutMs: number }): ClientErrorAnswer {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408, reason: 'Request Timeout',
      error: `request timed out: the headers must arrive within ${limits.headersTimeoutMs} ms (--headers-timeout-ms) and the whole request within ${limits.requestTimeoutMs} ms (--request-timeout-ms)`,
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large', error: 'request headers too large' };
  return { status: 400, reason: 'Bad Request', error: `bad HTTP request: ${code ?? message}` };
}

/** {@link ClientErrorAnswer} as raw HTTP/1.1 bytes that close the connection. */
export function rawAnswer(a: ClientErrorAnswer): string {
  const body = JSON.stringify({ error: a.error });
  return `HTTP/1.1 ${a.status} ${a.reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}
