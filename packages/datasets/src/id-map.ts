/**
 * Maps raw string ids to dense integer ids in first-seen order. `base` is the first dense id: 0 for
 * users (0-based indices) and 1 for items (0 is the padding item).
 */
export class IdMap {
  private readonly map = new Map<string, number>();
  /** Raw ids in dense order (index = dense id - base). */
  readonly raw: string[] = [];

  /** @param base the dense id given to the first raw id seen. */
  constructor(readonly base: number) {}

  /** Dense id of `raw`, assigning the next one if it has not been seen. */
  id(raw: string): number {
    let v = this.map.get(raw);
    if (v === undefined) {
      v = this.raw.length + this.base;
      this.map.set(raw, v);
      this.raw.push(raw);
    }
    return v;
  }

  /** Dense id of `raw`, or `undefined` when it has not been seen. */
  get(raw: string): number | undefined {
    return this.map.get(raw);
  }

  /** Whether `raw` has been seen. */
  has(raw: string): boolean {
    return this.map.has(raw);
  }

  /** Number of distinct raw ids seen. */
  get size(): number {
    return this.raw.length;
  }
}
