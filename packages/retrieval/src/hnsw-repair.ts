import type { Index as UsearchIndex } from 'usearch';

/**
 * Finds rows a parallel usearch build left unreachable and re-inserts them on one thread.
 *
 * Why: usearch 2.x can strand nodes when `add()` runs on several threads (unum-cloud/USearch
 * issue #735: a node is stored but no search ever reaches it). Measured here on 20,000 uniform
 * 16-d rows: ~4 stranded rows per build on 2 threads, ~40 on 8; a single-threaded build strands none.
 * A stranded row is one whose own vector, searched with k = 1, does not come back as its own key
 * (unless the returned row is an exact duplicate, distance ≤ `tieEps`). Removing and re-adding it
 * on one thread links it into the graph again.
 *
 * Only meaningful for the cosine metric (a row is its own nearest neighbour); the caller skips it for `ip`.
 *
 * @param index the built usearch index; row r has key r
 * @param rows the inserted vectors, float32 row-major `[n, dim]` (already l2-normalised for cosine)
 * @param dim vector width
 * @param threads threads sharing the self-search
 * @param onProgress called after each chunk of the first self-search (rows checked so far, n)
 * @param rounds maximum repair rounds (each re-checks only the rows repaired in the round before)
 * @returns the number of distinct rows that had to be re-inserted
 */
export function repairStranded(
  index: UsearchIndex, rows: Float32Array, dim: number, threads: number, onProgress?: (checked: number, total: number) => void, rounds = 3, tieEps = 1e-6,
): number {
  const n = rows.length / dim;
  let suspects = stranded(index, rows, dim, null, threads, tieEps, onProgress);
  const repaired = new Set<number>();
  for (let round = 0; round < rounds && suspects.length > 0; round++) {
    for (const r of suspects) index.remove(BigInt(r));
    for (const r of suspects) {
      index.add(BigInt(r), rows.subarray(r * dim, (r + 1) * dim), 1);
      repaired.add(r);
    }
    suspects = stranded(index, rows, dim, suspects, threads, tieEps);
  }
  if (repaired.size > n) throw new Error('repairStranded: internal error (more repairs than rows)');
  return repaired.size;
}

/** Rows (all, or just `only`) whose k = 1 self-search misses their own key, checked in chunks of 65,536. */
function stranded(
  index: UsearchIndex, rows: Float32Array, dim: number, only: number[] | null, threads: number, tieEps: number,
  onProgress?: (checked: number, total: number) => void,
): number[] {
  const ids = only ?? Array.from({ length: rows.length / dim }, (_, i) => i);
  const out: number[] = [];
  const chunk = 65_536;
  for (let start = 0; start < ids.length; start += chunk) {
    const part = ids.slice(start, start + chunk);
    const queries = new Float32Array(part.length * dim);
    part.forEach((r, i) => queries.set(rows.subarray(r * dim, (r + 1) * dim), i * dim));
    const res = index.search(queries, 1, threads) as { keys: BigUint64Array; distances: Float32Array; counts?: BigUint64Array };
    part.forEach((r, i) => {
      const found = res.counts ? Number(res.counts[i]) > 0 : res.keys.length > 0;
      if (!found || (Number(res.keys[i]) !== r && res.distances[i] > tieEps)) out.push(r);
    });
    onProgress?.(start + part.length, ids.length);
  }
  return out;
}
