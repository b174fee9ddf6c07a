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

  *[Symbol.iterator](): IterableIterator<number> {
    for (const slot of this.slots) if (slot !== 0) yield slot - 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (const slot of old) if (slot !== 0) this.add(slot - 1);
  }
}
