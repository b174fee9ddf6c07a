import type { Detector } from './detector.js';

/**
 * The values each detector found in one text, before any was set aside (role addresses, the
 * allowlist, the message's own addresses): scoring a text unit records them, and matching that
 * unit against the customers' fingerprints reads them instead of running the same detectors over
 * the same text again. Only the text last recorded is held, and only for the detectors that ran
 * over it whole: anything else is found again by whoever asks.
 */
export class SeenMatches {
  private text: string | null = null;
  private readonly values = new Map<Detector, string[]>();

  /** A new text: what was recorded of the last one is dropped. */
  start(text: string): void {
    this.text = text;
    this.values.clear();
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

  /** Lets go of the text and its values (a unit's text is not held past it). */
  forget(): void {
    this.text = null;
    this.values.clear();
  }
}
