/** Thrown for invalid command-line arguments; the message lists the valid values. */
export class BenchArgError extends Error {
  override name = 'BenchArgError';
}

/**
 * Parses a comma-separated list flag against its valid values, keeping the given order and dropping
 * duplicates. An empty list or an unknown value is a {@link BenchArgError} that lists the valid ones.
 */
export function parseList<T extends string>(flag: string, raw: string | undefined, valid: readonly T[]): T[] {
  if (raw === undefined) return [...valid];
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new BenchArgError(`${flag}: empty list; valid: ${valid.join(', ')}`);
  const out: T[] = [];
  for (const item of items) {
    if (!valid.includes(item as T)) throw new BenchArgError(`${flag}: unknown value "${item}"; valid: ${valid.join(', ')}`);
    if (!out.includes(item as T)) out.push(item as T);
  }
  return out;
}

/** Parses an integer flag that must be at least `min`. */
export function parseIntFlag(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new BenchArgError(`${flag}: must be an integer >= ${min}, got "${raw}"`);
  return v;
}
