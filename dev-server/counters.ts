import { MAX_NAME_LENGTH, OVERFLOW_KEY } from './limits.js';

/**
 * Counts by key in a Map, so keys from the wire (`__proto__`, `constructor`) are plain keys.
 * At most `maxKeys` distinct keys are kept; later new keys, and keys longer than
 * `MAX_NAME_LENGTH`, are counted under `OVERFLOW_KEY`.
 */
export class BoundedCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly maxKeys: number) {}

  /** Adds one to a key's count. */
  bump(key: string | number): void {
    const text = String(key);
    const kept = this.counts.has(text) || (this.counts.size < this.maxKeys && text.length <= MAX_NAME_LENGTH) ? text : OVERFLOW_KEY;
    this.counts.set(kept, (this.counts.get(kept) ?? 0) + 1);
  }

  /** Distinct keys held (at most `maxKeys` + 1). */
  get size(): number {
    return this.counts.size;
  }

  /** A new plain object; `Object.fromEntries` defines every key as an own property, `__proto__` included. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/** Counters by an outer key (a user) then an inner key (a method or status), both bounded like `BoundedCounts`. */
export class BoundedCountTable {
  private readonly rows = new Map<string, BoundedCounts>();

  constructor(
    private readonly maxRows: number,
    private readonly maxKeysPerRow: number,
  ) {}

  /** Adds one to `key` in the row `row`. */
  bump(row: string, key: string | number): void {
    const kept = this.rows.has(row) || (this.rows.size < this.maxRows && row.length <= MAX_NAME_LENGTH) ? row : OVERFLOW_KEY;
    let counts = this.rows.get(kept);
    if (!counts) this.rows.set(kept, (counts = new BoundedCounts(this.maxKeysPerRow)));
    counts.bump(key);
  }

  /** Distinct rows held (at most `maxRows` + 1). */
  get size(): number {
    return this.rows.size;
  }

  /** A new plain object of plain objects, built with `Object.fromEntries`. */
  toJSON(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.rows].map(([row, counts]) => [row, counts.toJSON()]));
  }
}
