/**
 * A read-only set of short strings kept as one string of lines plus an open-addressing table of
 * line offsets. For the 197,000-name list a Set<string> costs about 20 MB of heap, and building it
 * leaves as much garbage behind, which a long-running relay keeps as resident memory; this costs
 * the text and a 2 MB table.
 */
export class PackedStringSet {
  /** Offset + 1 of each entry's first character in `lines`; 0 is an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  size = 0;

  /**
   * `lines`: entries separated by "\n", already in the form they are looked up in. `keep` decides
   * which lines enter the set (length, stop words); without it every non-empty line does, and no
   * string is made per line. Duplicates enter once.
   */
  constructor(
    private readonly lines: string,
    keep?: (line: string) => boolean,
  ) {
    let count = 1;
    for (let i = lines.indexOf('\n'); i !== -1; i = lines.indexOf('\n', i + 1)) count++;
    // A power of two at least twice the entries: probes stay short.
    let capacity = 1024;
    while (capacity < count * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let start = 0; start <= lines.length; ) {
      let end = lines.indexOf('\n', start);
      if (end === -1) end = lines.length;
      if (end > start && (!keep || keep(lines.slice(start, end)))) this.insert(start, end);
      start = end + 1;
    }
  }

  has(key: string): boolean {
    for (let i = hashOf(key, 0, key.length) & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i];
      if (slot === 0) return false;
      if (this.entryEquals(slot - 1, key)) return true;
    }
  }

  private insert(start: number, end: number): void {
    const key = this.lines;
    for (let i = hashOf(key, start, end) & this.mask; ; i = (i + 1) & this.mask) {
      const slot = this.slots[i];
      if (slot === 0) {
        this.slots[i] = start + 1;
        this.size++;
        return;
      }
      if (this.entryEquals(slot - 1, key.slice(start, end))) return;
    }
  }

  private entryEquals(offset: number, key: string): boolean {
    const after = offset + key.length;
    return this.lines.startsWith(key, offset) && (after === this.lines.length || this.lines.charCodeAt(after) === 10);
  }
}

/** FNV-1a over text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
