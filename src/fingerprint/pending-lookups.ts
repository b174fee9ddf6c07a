import { doubled, type FingerprintIndex } from './fingerprint-file.js';
import type { Hash64 } from './siphash.js';

/**
 * Look-ups of a run of a table's rows, hashed first and checked together: what was found is
 * then read in the order the values were queued. A value of no customer (nearly every value) costs
 * a read of its bucket's presence word, a cache miss in a file of a million customers; checked one
 * by one between two hashes, those misses come one after another, checked in one loop
 * (FingerprintIndex.presentMany) the processor has several in flight.
 */
export class PendingLookups {
  hi = new Uint32Array(256);
  lo = new Uint32Array(256);
  /** The row of the run each value is from. */
  row = new Uint32Array(256);
  /** Where each value stands in its row: 8 places a cell, the kinds of its values in the order queued, a row's names last (Look.found's samples follow that order). */
  place = new Uint32Array(256);
  /** Each value's kind, as its index in FINGERPRINT_KINDS. */
  kind = new Uint8Array(256);
  passed = new Uint8Array(256);
  /** Each value's first entry in the file, -1 when it is none of the file's (after `check`). */
  first = new Int32Array(256);
  /** The value as written, and for a name its second cell and its postal code, for a sample. */
  readonly raw: string[] = [];
  readonly second: (string | undefined)[] = [];
  readonly postcode: (string | undefined)[] = [];
  count = 0;

  push(hash: Hash64, kind: number, row: number, place: number, raw: string, second?: string, postcode?: string): void {
    const k = this.count;
    if (k === this.hi.length) this.grow();
    this.hi[k] = hash.hi;
    this.lo[k] = hash.lo;
    this.row[k] = row;
    this.place[k] = place;
    this.kind[k] = kind;
    this.raw[k] = raw;
    this.second[k] = second;
    this.postcode[k] = postcode;
    this.count = k + 1;
  }

  /** Finds each value's first entry in the file (`first`), its reads from memory made side by side; returns how many are the file's. */
  check(index: FingerprintIndex): number {
    if (index.presentMany(this.hi, this.lo, this.count, this.passed) === 0) {
      this.first.fill(-1, 0, this.count);
      return 0;
    }
    return index.firstEntries(this.hi, this.lo, this.count, this.passed, this.first);
  }

  /**
   * Empties the queue: its strings let go, so that a run's cells are not held past it, and its
   * arrays kept (set to `length = 0`, an array drops its store, and the next run grew it again:
   * a quarter of what matching the tables of the 100 MB corpus mailbox allocated).
   */
  clear(): void {
    const { raw, second, postcode } = this;
    for (let k = 0; k < this.count; k++) {
      raw[k] = '';
      second[k] = undefined;
      postcode[k] = undefined;
    }
    this.count = 0;
  }

  private grow(): void {
    this.hi = doubled(this.hi);
    this.lo = doubled(this.lo);
    this.row = doubled(this.row);
    this.place = doubled(this.place);
    const kind = new Uint8Array(2 * this.kind.length);
    kind.set(this.kind);
    this.kind = kind;
    this.passed = new Uint8Array(2 * this.passed.length);
    this.first = new Int32Array(2 * this.first.length);
  }
}
