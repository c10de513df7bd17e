import type { VectorIndex } from '@clrec/core';
import type { RecommendRequest } from './serve-request';
import type { ServingModel } from './serve-model';

/** One recommended item: raw id and similarity score (cosine, or dot product for dot models; 6 decimals). */
export interface Recommendation {
  id: string;
  score: number;
}

/** Options of {@link Recommender}. */
export interface RecommenderOptions {
  /** Requests encoded and searched together at most (default 32). */
  maxBatch?: number;
  /** Clock in unix seconds, the query time of requests without `time` (default: now). */
  now?: () => number;
}

/** `setImmediate` where the runtime has it (Node), else a zero-delay timer (browsers). */
const later: (f: () => void) => void = typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

interface Pending {
  req: RecommendRequest;
  resolve: (r: Recommendation[]) => void;
  reject: (e: unknown) => void;
}

/**
 * Turns validated requests into top-K lists: f(history) by the model's user encoder, then the index's
 * top-K over all g(y). Requests that arrive while one batch is computed are queued and served as the
 * next batch (one `[B, d]` encode and one B-query search), which raises throughput under load
 * without delaying a lone request.
 */
export class Recommender {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly now: () => number;

  /** @param index built over `model.itemVectors()` (row r = dense id r + 1) */
  constructor(readonly model: ServingModel, readonly index: VectorIndex, options: RecommenderOptions = {}) {
    if (index.size !== model.numItems || index.dim !== model.dim) {
      throw new Error(`Recommender: the index holds ${index.size} × ${index.dim} vectors but the model has ${model.numItems} items of dim ${model.dim}`);
    }
    this.maxBatch = options.maxBatch ?? 32;
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** Requests waiting for the next batch. */
  get pending(): number {
    return this.queue.length;
  }

  /** The top-`req.k` items for one request, best first (history items left out when asked). */
  recommend(req: RecommendRequest): Promise<Recommendation[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        later(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length) later(() => this.flush());
    else this.scheduled = false;
    try {
      const results = this.compute(batch.map((p) => p.req));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (e) {
      for (const p of batch) p.reject(e);
    }
  }

  /** Encodes and searches a batch synchronously. */
  compute(reqs: RecommendRequest[]): Recommendation[][] {
    const n = this.model.numItems;
    const usesTime = this.model.usesTime;
    const now = this.now();
    const users = this.model.encode(reqs.map((r) => ({
      history: r.history, historyTimes: usesTime ? r.historyTimes : null, time: usesTime ? (r.time ?? now) : null,
    })));
    const excluded = reqs.map((r) => (r.excludeHistory ? new Set(r.history) : null));
    let want = 1;
    reqs.forEach((r, i) => (want = Math.max(want, r.k + (excluded[i]?.size ?? 0))));
    const k = Math.min(n, want);
    const res = this.index.search(users, k);
    return reqs.map((r, q) => {
      const out: Recommendation[] = [];
      for (let j = 0; j < k && out.length < r.k; j++) {
        const row = res.ids[q * k + j];
        if (row < 0) continue;
        const dense = row + 1;
        if (excluded[q]?.has(dense)) continue;
        out.push({ id: this.model.itemIds[dense], score: Math.round(res.scores[q * k + j] * 1e6) / 1e6 });
      }
      return out;
    });
  }
}
