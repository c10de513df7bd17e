/**
 * Accuracy split by item popularity: Recall/HR@K of the test targets that are head, torso or tail
 * items. A debiased model should lose little on the head while gaining on the torso and tail.
 */

/** Popularity segment names, in order of decreasing popularity. */
export type PopularitySegment = 'head' | 'torso' | 'tail';

/** Options for {@link popularitySegments} and {@link headTorsoTailRecall}. */
export interface SegmentOptions {
  /** Share of all clicks covered by the head. Default 0.5. */
  head?: number;
  /** Share of all clicks covered by the torso (after the head). Default 0.3; the tail is the rest. */
  torso?: number;
}

/** Segment code stored by {@link popularitySegments} for the padding id 0. */
export const PADDING_SEGMENT = 255;

/** Segment codes of {@link popularitySegments}: `SEGMENTS[code]` is the segment name. */
export const SEGMENTS: readonly PopularitySegment[] = ['head', 'torso', 'tail'];

/**
 * Assigns every item id to a popularity segment by cumulative click share.
 *
 * Items are sorted by decreasing count (ties: lower id first) and walked while accumulating
 * clicks; an item whose clicks-before share is `< head` is head, `< head + torso` is torso, else
 * tail. So the head is the smallest set of most popular items covering at least `head` (50%) of the
 * clicks, the torso the next items up to `head + torso` (80%), and the tail the rest, including
 * every never-clicked item.
 *
 * @param itemCounts - training clicks per item id (index = id, index 0 = padding).
 * @param opts - head and torso shares.
 * @returns `Uint8Array` of codes per id: 0 head, 1 torso, 2 tail ({@link SEGMENTS}),
 *   {@link PADDING_SEGMENT} for id 0.
 * @throws RangeError on bad shares, a negative/non-finite count, or zero total clicks.
 */
export function popularitySegments(itemCounts: ArrayLike<number>, opts: SegmentOptions = {}): Uint8Array {
  const head = opts.head ?? 0.5;
  const torso = opts.torso ?? 0.3;
  if (!(head > 0 && torso >= 0 && head + torso <= 1)) {
    throw new RangeError(`popularitySegments: need head > 0, torso >= 0, head + torso <= 1; got ${head}, ${torso}`);
  }
  const n = itemCounts.length;
  let total = 0;
  for (let i = 1; i < n; i++) {
    const v = itemCounts[i];
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`popularitySegments: itemCounts[${i}] = ${v} is not a finite count >= 0`);
    total += v;
  }
  if (!(total > 0)) throw new RangeError('popularitySegments: itemCounts sum to 0');
  const order = Array.from({ length: Math.max(0, n - 1) }, (_, j) => j + 1);
  order.sort((a, b) => itemCounts[b] - itemCounts[a] || a - b);
  const out = new Uint8Array(n);
  if (n > 0) out[0] = PADDING_SEGMENT;
  let before = 0;
  for (const id of order) {
    out[id] = before < head * total ? 0 : before < (head + torso) * total ? 1 : 2;
    before += itemCounts[id];
  }
  return out;
}

/** Recall of one segment's test targets. */
export interface SegmentRecall {
  /** `hits / targets`, `NaN` when the segment has no targets. */
  recall: number;
  /** Targets of the segment found in their user's top-K list. */
  hits: number;
  /** Test targets (distinct per user) belonging to the segment. */
  targets: number;
  /** Item ids in the segment. */
  items: number;
}

/**
 * Recall@K per popularity segment, pooled over users (micro average): for each segment,
 * `#(targets in the segment that appear in their user's top-K) / #(targets in the segment)`.
 * With one target per user this is HR@K restricted to the users whose target lies in the segment.
 * K is the length of the given lists (e.g. from `topKIndicesBlock`, which already excluded the
 * history); tie handling is whatever produced the lists.
 *
 * @param topK - recommended ids per user.
 * @param targets - per user, one target id or a list of them (duplicates counted once); same order.
 * @param itemCounts - training clicks per item id, defines the segments (see {@link popularitySegments}).
 * @param opts - head and torso shares.
 * @returns `{ head, torso, tail }` recall records.
 * @throws RangeError if the user counts differ or a target id is not in `[1, itemCounts.length)`.
 */
export function headTorsoTailRecall(
  topK: readonly ArrayLike<number>[],
  targets: ArrayLike<number> | readonly ArrayLike<number>[],
  itemCounts: ArrayLike<number>,
  opts: SegmentOptions = {},
): Record<PopularitySegment, SegmentRecall> {
  if (topK.length !== targets.length) {
    throw new RangeError(`headTorsoTailRecall: ${topK.length} top-K lists but ${targets.length} target entries`);
  }
  const seg = popularitySegments(itemCounts, opts);
  const hits = [0, 0, 0];
  const tot = [0, 0, 0];
  const items = [0, 0, 0];
  for (let i = 1; i < seg.length; i++) items[seg[i]]++;
  for (let u = 0; u < topK.length; u++) {
    const entry = targets[u];
    const own = new Set<number>(typeof entry === 'number' ? [entry] : Array.from(entry));
    const list = new Set<number>(Array.from(topK[u]));
    for (const t of own) {
      if (!Number.isInteger(t) || t < 1 || t >= seg.length) {
        throw new RangeError(`headTorsoTailRecall: target ${t} of user ${u} is not an item id in [1, ${seg.length})`);
      }
      tot[seg[t]]++;
      if (list.has(t)) hits[seg[t]]++;
    }
  }
  const rec = (c: number): SegmentRecall => ({
    recall: tot[c] === 0 ? NaN : hits[c] / tot[c],
    hits: hits[c],
    targets: tot[c],
    items: items[c],
  });
  return { head: rec(0), torso: rec(1), tail: rec(2) };
}
