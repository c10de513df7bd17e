/**
 * An HTTP error with a JSON reason: the server answers `{ "error": message, ...details }` with
 * `status` and the extra response `headers` (e.g. `allow` for a 405).
 */
export class HttpError extends Error {
  override name = 'HttpError';
  /** @param status HTTP status (4xx for the client's fault) */
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Limits a request is validated against. */
export interface RequestLimits {
  /** Longest click sequence accepted (longer ones are a 400, not silently truncated). */
  maxSequenceLength: number;
  /** Default list length when the request gives no `k`. */
  defaultK: number;
  /** Largest `k` accepted. */
  maxK: number;
}

/** A validated `POST /recommend` body, in dense ids and chronological order. */
export interface RecommendRequest {
  /** Dense item ids of the clicks, chronological (sorted by timestamp when timestamps were given). */
  history: Int32Array;
  /** Click times in unix seconds aligned with `history`, or null. */
  historyTimes: Float64Array | null;
  /** Query time in unix seconds (for time-bucket models), or null. */
  time: number | null;
  k: number;
  /** Leave the clicked items out of the list. */
  excludeHistory: boolean;
}

const FIELDS = ['items', 'timestamps', 'time', 'k', 'exclude_history'];

/**
 * Validates a parsed JSON body `{"items": [raw ids], "timestamps"?: [unix s], "time"?: unix s, "k"?: n,
 * "exclude_history"?: bool}` and maps raw ids to dense ids. Raw ids may be strings or integers.
 * Clicks are sorted by timestamp (stable) when timestamps are given, since the encoder reads them in
 * chronological order.
 * @throws HttpError 400 for wrong shapes, types, lengths or values; 422 for item ids the model does not know
 *   (listing them)
 */
export function parseRecommendRequest(body: unknown, denseIds: ReadonlyMap<string, number>, limits: RequestLimits): RecommendRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `the body must be a JSON object like {"items": ["id1", "id2"]}, got ${describe(body)}`);
  }
  const obj = body as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((key) => !FIELDS.includes(key));
  if (unknown.length) throw new HttpError(400, `unknown field(s) ${unknown.map((u) => `"${u}"`).join(', ')}; valid: ${FIELDS.join(', ')}`);
  const items = obj.items;
  if (items === undefined) throw new HttpError(400, 'missing field "items" (an array of clicked item ids, oldest first)');
  if (!Array.isArray(items)) throw new HttpError(400, `"items" must be an array of item ids, got ${describe(items)}`);
  if (items.length === 0) throw new HttpError(400, '"items" is empty: send at least one clicked item id');
  if (items.length > limits.maxSequenceLength) {
    throw new HttpError(400, `"items" has ${items.length} clicks; at most ${limits.maxSequenceLength} are accepted (--max-sequence-length)`);
  }
  const raw = items.map((v, i) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    throw new HttpError(400, `"items"[${i}] must be a string or integer item id, got ${describe(v)}`);
  });
  const history = new Int32Array(raw.length);
  const missing: string[] = [];
  raw.forEach((id, i) => {
    const dense = denseIds.get(id);
    if (dense === undefined) missing.push(id);
    else history[i] = dense;
  });
  if (missing.length) {
    const unique = [...new Set(missing)];
    throw new HttpError(422, `${unique.length} unknown item id(s): ${unique.slice(0, 10).map((u) => JSON.stringify(u)).join(', ')}${unique.length > 10 ? ', …' : ''}`, { unknown_items: unique.slice(0, 100) });
  }
  let historyTimes: Float64Array | null = null;
  if (obj.timestamps !== undefined && obj.timestamps !== null) {
    const ts = obj.timestamps;
    if (!Array.isArray(ts)) throw new HttpError(400, `"timestamps" must be an array of unix seconds, got ${describe(ts)}`);
    if (ts.length !== items.length) throw new HttpError(400, `"timestamps" has ${ts.length} entries but "items" has ${items.length}; give one per click`);
    historyTimes = new Float64Array(ts.length);
    ts.forEach((t, i) => {
      if (typeof t !== 'number' || !Number.isFinite(t)) throw new HttpError(400, `"timestamps"[${i}] must be a finite number (unix seconds), got ${describe(t)}`);
      historyTimes![i] = t;
    });
    sortChronologically(history, historyTimes);
  }
  let time: number | null = null;
  if (obj.time !== undefined && obj.time !== null) {
    if (typeof obj.time !== 'number' || !Number.isFinite(obj.time)) throw new HttpError(400, `"time" must be a finite number (unix seconds), got ${describe(obj.time)}`);
    time = obj.time;
  }
  let k = limits.defaultK;
  if (obj.k !== undefined) {
    if (typeof obj.k !== 'number' || !Number.isInteger(obj.k) || obj.k < 1 || obj.k > limits.maxK) {
      throw new HttpError(400, `"k" must be an integer in [1, ${limits.maxK}], got ${describe(obj.k)}`);
    }
    k = obj.k;
  }
  let excludeHistory = false;
  if (obj.exclude_history !== undefined) {
    if (typeof obj.exclude_history !== 'boolean') throw new HttpError(400, `"exclude_history" must be true or false, got ${describe(obj.exclude_history)}`);
    excludeHistory = obj.exclude_history;
  }
  return { history, historyTimes, time, k, excludeHistory };
}

/** Stable sort of clicks by time (no-op when already chronological). */
function sortChronologically(history: Int32Array, times: Float64Array): void {
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) sorted = times[i - 1] <= times[i];
  if (sorted) return;
  const order = Array.from(times.keys()).sort((a, b) => times[a] - times[b] || a - b);
  const h = Int32Array.from(order, (i) => history[i]);
  const t = Float64Array.from(order, (i) => times[i]);
  history.set(h);
  times.set(t);
}

/** A short description of a JSON value for error messages. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
