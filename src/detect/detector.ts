import type { Entity } from '../model/entities.js';

/** A value found in free text. */
export interface TextMatch {
  entity: Entity;
  value: string;
  /** Offset of the value in the text searched. */
  index: number;
}

/**
 * Receives each value a detector finds in text. Values stream to it rather than coming back as an
 * array, so that a caller that keeps only numbers (score-text.ts) holds no object per value: on a
 * 16 MB text of values, a million objects kept alive cost more in collection than the search.
 */
export type MatchSink = (match: TextMatch) => void;

/**
 * A value detector (DESIGN.md §2 "detect"): what a whole table cell of its entity looks like and
 * how to find its values in free text. Every pattern is linear: anchored, or behind a literal
 * prefilter, with no nested unbounded quantifiers.
 */
export interface Detector {
  id: string;
  /** The entity of a whole cell that matches. */
  entity: Entity;
  /** True when the whole cell is a value of `entity` (already trimmed, never empty). */
  matchCell(cell: string): boolean;
  /**
   * The looser test for a cell of a column already known to hold this entity (its header said so,
   * or its values did on a sample): a name-shaped word in a Nom column, a 13-digit NIR without key
   * in a NIR column, a phone whose leading 0 a spreadsheet dropped. Defaults to matchCell.
   */
  matchKnownCell?(cell: string): boolean;
  /** The named check-digit validator (validators.ts) the detector relies on, if any. */
  validator?: string;
  /**
   * Values in free text, handed to `emit` in text order; each value is the text at its offset.
   * A detector may report related entities (person-name: first-name, full-name).
   */
  find(text: string, emit: MatchSink): void;
  /** Cells that must match and must not; `test/detect/detector-examples.test.ts` runs them all. */
  examples: { match: string[]; noMatch: string[] };
  /** Free-text examples: each text and the values `find` must return, in order. */
  textExamples: { text: string; values: string[] }[];
}

/** Every value `detector` finds in `text`, as an array: for callers that keep them all (tests, `rules test`). */
export function matchesIn(detector: Pick<Detector, 'find'>, text: string): TextMatch[] {
  const out: TextMatch[] = [];
  detector.find(text, (m) => out.push(m));
  return out;
}

/** findAll's default test. */
const acceptAll = () => true;

/**
 * Runs a global regex over text and hands each match to `emit` as a TextMatch: the whole match, or the
 * capture group `group` when the pattern matches context around the value. `accept` sees the
 * value, its offset and the text (for validators and for context words before it): given the
 * text, a caller's test can be a function defined once rather than a closure made per call,
 * which V8 compiled again for nearly every call.
 */
export function findAll(
  text: string,
  emit: MatchSink,
  pattern: RegExp,
  entity: Entity,
  group = 0,
  accept: (value: string, index: number, text: string) => boolean = acceptAll,
): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const value = m[group];
    if (value !== undefined) {
      const index = group === 0 ? m.index : m.index + m[0].indexOf(value);
      if (accept(value, index, text)) emit({ entity, value, index });
    }
    if (m[0].length === 0) pattern.lastIndex++;
  }
}
