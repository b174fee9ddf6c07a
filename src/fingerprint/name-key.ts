import { charCode } from '../detect/char-code.js';
import { CIVILITIES, LATIN1_FOLDED } from './normalise.js';

/** Each Latin-1 character's folded letters as bytes ([] between words), null where `fold` must read the name. */
const FOLDED_BYTES: (readonly number[] | null)[] = LATIN1_FOLDED.map((f) => (f === null ? null : [...f].map((ch) => ch.charCodeAt(0))));
const CIVILITY_BYTES: readonly (readonly number[])[] = [...CIVILITIES].map((w) => [...w].map((ch) => ch.charCodeAt(0)));
/** The civilities' lengths and first letters, one bit each: most words are told apart from them at once. */
const CIVILITY_LENGTHS = CIVILITY_BYTES.reduce((bits, w) => bits | (2 ** w.length), 0);
const CIVILITY_INITIALS = CIVILITY_BYTES.reduce((bits, w) => bits | (1 << (w[0] - 97)), 0);
const SPACE = 32;
const BAR = 124;
/** Longest key spelt here (a cell is a name up to 61 characters, each folding to 2 letters at most). */
const MAX_KEY = 400;

/**
 * The name-postcode value of one or two cells and a postal code, spelt as `namePostcode` and
 * `pairPostcode` spell it (folded words, civilities out, two to six, sorted, `|` and the code)
 * but as bytes, straight into the buffer the hasher reads: a customer table's rows are looked up
 * by the hundred thousand, and the words, the sort and the joins of the text route cost more than
 * the hash. Names past Latin-1 are left to the text route (`spell` answers null).
 */
export class NameKeyBytes {
  /** The key, at [0, length). */
  readonly bytes = new Uint8Array(MAX_KEY);
  length = 0;
  private readonly letters = new Uint8Array(MAX_KEY);
  private used = 0;
  private readonly starts = new Int32Array(8);
  private readonly ends = new Int32Array(8);
  private readonly order = new Int32Array(8);
  private words = 0;
  /** More words than a name has: the cells are not one. */
  private tooMany = false;

  /**
   * Spells the key of `first` (and `second`, side by side) with `postcode`: true when it is a
   * name (the key in `bytes`), false when it is not, null when the text route must say.
   */
  spell(first: string, second: string | undefined, postcode: string): boolean | null {
    this.used = 0;
    this.words = 0;
    this.tooMany = false;
    const read = this.read(first) && (second === undefined || this.read(second));
    if (read === null) return null;
    if (!read || this.tooMany || this.words < 2) return false;
    return this.write(postcode);
  }

  /** Adds a cell's words; false when a word holds what is not a letter, null for the text route. */
  private read(value: string): boolean | null {
    let start = this.used;
    const length = value.length;
    for (let i = 0; i <= length; i++) {
      const c = i < length ? charCode(value, i) : SPACE;
      let folded: readonly number[] | null;
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
        if (this.used >= MAX_KEY) return null;
        this.letters[this.used++] = c | 0x20;
        continue;
      }
      if (c >= 256 || (folded = FOLDED_BYTES[c]) === null) return null;
      if (folded.length > 0) {
        if (this.used + folded.length > MAX_KEY) return null;
        for (const b of folded) this.letters[this.used++] = b;
        continue;
      }
      if (this.used > start) this.endWord(start);
      start = this.used;
    }
    return true;
  }

  private endWord(start: number): void {
    const length = this.used - start;
    const couldBeCivility = length < 31 && CIVILITY_LENGTHS & (1 << length) && CIVILITY_INITIALS & (1 << (this.letters[start] - 97));
    if (couldBeCivility) {
      for (const civility of CIVILITY_BYTES) {
        if (civility.length !== length) continue;
        let same = true;
        for (let k = 0; same && k < length; k++) same = this.letters[start + k] === civility[k];
        if (same) {
          this.used = start;
          return;
        }
      }
    }
    if (this.words === 6) {
      this.tooMany = true;
      return;
    }
    this.starts[this.words] = start;
    this.ends[this.words] = this.used;
    this.words++;
  }

  /** The words in order, a space between them, then `|` and the postal code. */
  private write(postcode: string): boolean | null {
    const { order, letters, starts, ends } = this;
    for (let w = 0; w < this.words; w++) {
      // Insertion sort: six words at most.
      let at = w;
      while (at > 0 && compare(letters, starts[order[at - 1]], ends[order[at - 1]], starts[w], ends[w]) > 0) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = w;
    }
    if (this.used + this.words + postcode.length >= MAX_KEY) return null;
    let out = 0;
    for (let k = 0; k < this.words; k++) {
      if (k > 0) this.bytes[out++] = SPACE;
      const w = order[k];
      for (let i = starts[w]; i < ends[w]; i++) this.bytes[out++] = letters[i];
    }
    this.bytes[out++] = BAR;
    for (let i = 0, length = postcode.length; i < length; i++) this.bytes[out++] = charCode(postcode, i);
    this.length = out;
    return true;
  }

  /** The key as text: for tests, which check it against the text route. */
  text(): string {
    return Buffer.from(this.bytes.subarray(0, this.length)).toString('latin1');
  }
}

/** Compares two words of `letters` as JavaScript compares strings (code units; letters are ASCII). */
function compare(letters: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): number {
  for (; a < aEnd && b < bEnd; a++, b++) if (letters[a] !== letters[b]) return letters[a] - letters[b];
  return aEnd - a - (bEnd - b);
}
