import { ENTITIES } from '../model/entities.js';
import type { Entity } from '../model/entities.js';

/** Each entity's position in ENTITIES: the number a packed match keeps for it. */
const CODE = new Map<Entity, number>(ENTITIES.map((e, i) => [e, i]));

/** The number PackedMatches keeps for `entity`. */
export const entityCode = (entity: Entity): number => CODE.get(entity) as number;

/**
 * The matches of one text as numbers (start, end, line and entity per match, in typed arrays)
 * rather than objects: the value is the text between start and end. A text of 16 MB of values
 * holds a million matches until its lines are scored; as objects they outlive the young
 * generation and every collection copies and marks them, which made scoring cost more than 4x
 * the time on 4x the text. As numbers they cost 13 bytes each and nothing to collect.
 */
export class PackedMatches {
  count = 0;
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  lines = new Int32Array(256);
  entities = new Uint8Array(256);

  push(start: number, end: number, line: number, entity: number): void {
    if (this.count === this.starts.length) this.grow();
    const at = this.count++;
    this.starts[at] = start;
    this.ends[at] = end;
    this.lines[at] = line;
    this.entities[at] = entity;
  }

  /**
   * Positions ordered by line (a counting sort, stable: within a line, in the order pushed) and,
   * for each line, where its positions begin in that order (`firstOfLine[line]` to
   * `firstOfLine[line + 1]`). `lineCount` is the text's number of lines.
   */
  byLine(lineCount: number): { order: Int32Array; firstOfLine: Int32Array } {
    const firstOfLine = new Int32Array(lineCount + 1);
    for (let i = 0; i < this.count; i++) firstOfLine[this.lines[i] + 1]++;
    for (let line = 0; line < lineCount; line++) firstOfLine[line + 1] += firstOfLine[line];
    const next = firstOfLine.slice(0, lineCount);
    const order = new Int32Array(this.count);
    for (let i = 0; i < this.count; i++) order[next[this.lines[i]]++] = i;
    return { order, firstOfLine };
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(old: T, made: T): T => (made.set(old), made);
    this.starts = widen(this.starts, new Int32Array(size));
    this.ends = widen(this.ends, new Int32Array(size));
    this.lines = widen(this.lines, new Int32Array(size));
    this.entities = widen(this.entities, new Uint8Array(size));
  }
}
