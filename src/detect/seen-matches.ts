import type { Detector } from './detector.js';

/**
 * What scoring found in the unit it scored last, for matching that unit against the customers'
 * fingerprints, which reads it instead of finding it again: in a text, the values each detector
 * found, before any was set aside (role addresses, the allowlist, the message's own addresses); in
 * a table, the row that reads as its header. Only the unit last recorded is held, and of a text
 * only the detectors that ran over it whole: anything else is found again by whoever asks.
 */
export class SeenMatches {
  private text: string | null = null;
  private readonly values = new Map<Detector, string[]>();
  private rows: readonly (readonly string[])[] | null = null;
  private headerAt = -1;

  /** A new text: what was recorded of the last unit is dropped. */
  start(text: string): void {
    this.forget();
    this.text = text;
  }

  /** A table's rows and the row found to be its header (-1: none). */
  table(rows: readonly (readonly string[])[], headerAt: number): void {
    this.forget();
    this.rows = rows;
    this.headerAt = headerAt;
  }

  /** The header row found in these rows when they were last recorded; undefined otherwise. */
  headerRowOf(rows: readonly (readonly string[])[]): number | undefined {
    return this.rows === rows ? this.headerAt : undefined;
  }

  /** The list to record a detector's values in, in the order found: the detector runs over the whole text just started. */
  ran(detector: Detector): string[] {
    const values: string[] = [];
    this.values.set(detector, values);
    return values;
  }

  /** What `detector` found in `text`, if it ran over that text when it was last started; undefined otherwise. */
  of(text: string, detector: Detector): readonly string[] | undefined {
    return this.text === text ? this.values.get(detector) : undefined;
  }

  /** Lets go of the unit (its text or rows are not held past it). */
  forget(): void {
    this.text = null;
    this.values.clear();
    this.rows = null;
  }
}
