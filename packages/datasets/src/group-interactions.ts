/**
 * A flat interaction log in file order: parallel arrays of dense user index, dense item id and
 * (optionally) timestamp in unix seconds.
 */
export interface InteractionLog {
  /** Dense user index (0-based) of each row. */
  users: number[];
  /** Dense item id (1-based) of each row. */
  items: number[];
  /** Timestamp of each row, or `null` when the source has none (file order is chronological). */
  times: number[] | null;
}

/**
 * Groups a flat log into one sequence per user. Rows keep file order within a user unless there are
 * timestamps, in which case each user's rows are stably sorted by time (ties keep file order).
 */
export function groupByUser(
  log: InteractionLog,
  numUsers: number,
): { sequences: Int32Array[]; timestamps: Float64Array[] | null } {
  const n = log.users.length;
  const counts = new Int32Array(numUsers + 1);
  for (let r = 0; r < n; r++) counts[log.users[r] + 1]++;
  for (let u = 0; u < numUsers; u++) counts[u + 1] += counts[u];
  const order = new Int32Array(n);
  const fill = counts.slice(0, numUsers);
  for (let r = 0; r < n; r++) order[fill[log.users[r]]++] = r;
  const sequences: Int32Array[] = [];
  const timestamps: Float64Array[] | null = log.times ? [] : null;
  const times = log.times;
  for (let u = 0; u < numUsers; u++) {
    let rows = order.subarray(counts[u], counts[u + 1]);
    if (times) {
      let sorted = true;
      for (let k = 1; k < rows.length && sorted; k++) sorted = times[rows[k]] >= times[rows[k - 1]];
      // Array.prototype.sort is stable, so equal times keep file order.
      if (!sorted) rows = Int32Array.from(Array.from(rows).sort((a, b) => times[a] - times[b]));
      const t = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) t[k] = times[rows[k]];
      timestamps!.push(t);
    }
    const s = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) s[k] = log.items[rows[k]];
    sequences.push(s);
  }
  return { sequences, timestamps };
}

/** Sum of sequence lengths. */
export function countInteractions(sequences: Int32Array[]): number {
  let n = 0;
  for (const s of sequences) n += s.length;
  return n;
}
