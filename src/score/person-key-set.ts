/**
 * A set of person keys (52-bit integers, see people-tally.ts): open addressing with linear
 * probing on a Float64Array. A Set<number> boxes every number past 31 bits, which on a
 * 100,000-row table cost more in allocation and hashing than the rest of the bookkeeping.
 */
export class PersonKeySet implements Iterable<number> {
  /** Key + 1 per slot; 0 marks an empty slot (keys are 0 to 2^52 - 1, so key + 1 is exact). */
  private slots = new Float64Array(1024);
  private mask = 1023;
  size = 0;

  has(key: number): boolean {
    const stored = key + 1;
    for (let i = (key >>> 0) & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i];
      if (slot === stored) return true;
      if (slot === 0) return false;
    }
  }

  /** Adds a key; returns false when it was there already. */
  add(key: number): boolean {
    const stored = key + 1;
    let i = (key >>> 0) & this.mask;
    for (; this.slots[i] !== 0; i = (i + 1) & this.mask) if (this.slots[i] === stored) return false;
    this.slots[i] = stored;
    // Kept at most half full, so that probes stay short.
    if (++this.size * 2 > this.slots.length) this.grow();
    return true;
  }

  /**
   * Adds every key of `keys` (another set, or keys as a cached part keeps them) while this set
   * holds fewer than `max`. An index loop over the arrays: iterating them would box each 52-bit
   * key (a campaign copy replays 15,930 of them).
   */
  addAll(keys: PersonKeySet | Float64Array, max = Number.POSITIVE_INFINITY): void {
    const fromSet = keys instanceof PersonKeySet;
    const values = fromSet ? keys.slots : keys;
    const count = fromSet ? keys.size : keys.length;
    let length = this.slots.length;
    while ((this.size + Math.min(count, max - this.size)) * 2 > length) length *= 2;
    if (length > this.slots.length) this.grow(length);
    for (let i = 0; i < values.length && this.size < max; i++) {
      const value = values[i] as number;
      if (!fromSet) this.add(value);
      else if (value !== 0) this.add(value - 1);
    }
  }

  /** Makes room for `count` keys at once: a table's rows are known before its people are counted, and growing by doubling re-adds every key each time. */
  reserve(count: number): void {
    let length = this.slots.length;
    while ((this.size + count) * 2 > length) length *= 2;
    if (length > this.slots.length) this.grow(length);
  }

  /** The keys, as a cached part keeps them. */
  toFloat64Array(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (let i = 0; i < this.slots.length; i++) if (this.slots[i] !== 0) out[n++] = (this.slots[i] as number) - 1;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    for (const slot of this.slots) if (slot !== 0) yield slot - 1;
  }

  private grow(length = this.slots.length * 2): void {
    const old = this.slots;
    this.slots = new Float64Array(length);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.add((old[i] as number) - 1);
  }
}
