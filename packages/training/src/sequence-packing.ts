import { packHistories } from '@clrec/encoders';

/** The packed inputs of an every-position training step: one row per sequence, one loss row per real position. */
export interface PackedSequences {
  /** Input rows `[B, T]` (left-padded, the last `maxLen` inputs of each sequence). */
  inputs: ReturnType<typeof packHistories>;
  /** Flat index `r * T + t` of each position that carries a loss, row-major. */
  flat: Int32Array;
  /** The item each such position must predict (the click after it). */
  positives: Int32Array;
  /** The sequence (row) of each such position. */
  rows: Int32Array;
}

/**
 * Packs sequences for the every-position loss: the input of a sequence s (length n ≥ 2) is
 * s[0..n−2] and position t's target is s[t+1] (each click predicts the next one, SASRec style); only
 * the last `maxLen` positions are kept. Sequences shorter than 2 contribute no position.
 */
export function packSequences(sequences: ArrayLike<number>[], maxLen: number): PackedSequences {
  let longest = 1;
  for (const s of sequences) longest = Math.max(longest, s.length - 1);
  const T = Math.min(maxLen, longest);
  const ins: ArrayLike<number>[] = [];
  const outs: ArrayLike<number>[] = [];
  for (const s of sequences) {
    const a = Array.from(s);
    ins.push(a.slice(0, Math.max(0, a.length - 1)));
    outs.push(a.slice(1));
  }
  const inputs = packHistories(ins, T);
  const targets = packHistories(outs, T).items;
  const flat: number[] = [];
  for (let i = 0; i < targets.length; i++) if (inputs.mask[i] > 0) flat.push(i);
  const f = Int32Array.from(flat);
  return { inputs, flat: f, positives: f.map((i) => targets[i]), rows: f.map((i) => Math.floor(i / T)) };
}

/** Fewest rows per encoder call of an every-position step (fewer, larger calls: tfjs has a per-op cost). */
export const SEQUENCE_CHUNK_ROWS = 16;

/** A batch split into length-sorted chunks, each packed to its own longest sequence. */
export interface SequenceChunks {
  /** Each chunk: its rows' indices into the batch and their packing. */
  chunks: { rows: Int32Array; packed: PackedSequences }[];
  /** Positive of every loss row, chunk after chunk (the order of the encoder states). */
  positives: Int32Array;
  /** Batch row (sequence index) of every loss row, same order. */
  rows: Int32Array;
}

/**
 * Sorts the batch's sequences by length and packs them in chunks, so a batch with a few long
 * sequences does not pad every row to the longest: from the longest down, a chunk takes at least
 * `minRows` rows and then every row at least half as long as its first (so padding is at most half of
 * a chunk beyond its first `minRows` rows). Exact: padding never changes an output.
 */
export function chunkSequences(sequences: ArrayLike<number>[], maxLen: number, minRows = SEQUENCE_CHUNK_ROWS): SequenceChunks {
  const inputLen = (r: number) => Math.min(maxLen, Math.max(0, sequences[r].length - 1));
  const order = Array.from(sequences.keys()).sort((a, b) => inputLen(a) - inputLen(b) || a - b);
  const groups: number[][] = [];
  for (let end = order.length; end > 0;) {
    const longest = inputLen(order[end - 1]);
    let start = Math.max(0, end - minRows);
    while (start > 0 && 2 * inputLen(order[start - 1]) >= longest) start--;
    groups.unshift(order.slice(start, end));
    end = start;
  }
  const chunks: SequenceChunks['chunks'] = [];
  const positives: number[] = [];
  const rows: number[] = [];
  for (const group of groups) {
    const idx = Int32Array.from(group);
    const packed = packSequences(Array.from(idx, (r) => sequences[r]), maxLen);
    if (packed.positives.length === 0) continue;
    chunks.push({ rows: idx, packed });
    positives.push(...packed.positives);
    for (const r of packed.rows) rows.push(idx[r]);
  }
  return { chunks, positives: Int32Array.from(positives), rows: Int32Array.from(rows) };
}
