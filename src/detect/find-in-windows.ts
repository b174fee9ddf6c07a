import type { Detector, MatchSink } from './detector.js';

/** Characters a window owns at least: large enough that its margins cost little. */
export const WINDOW = 64 * 1024;

/**
 * Characters a window reads before and after the part it owns, for what detectors look at around a
 * value without taking it: a context word up to 48 characters before, a look-behind of a few, a
 * commune up to 64 characters after a postcode.
 */
export const MARGIN = 1024;

/**
 * A window ends just after a `;` or a `|`: no text pattern takes either (street addresses stop at
 * them, no identifier, name, phone or e-mail holds one), so no match spans such a cut, and a scan
 * that reaches it is where a scan of the whole text would be. Cutting anywhere else could shift a
 * scan's alignment on a run of card-, IBAN- or name-shaped values and lose every value after it.
 */
const CUTS = [';', '|'] as const;

/**
 * The cuts of one text, found by indexOf (a plain character search, faster than a character
 * class): the next `;` and the next `|` are kept, and each is looked for again only once passed,
 * so that a text without one of them is not searched for it window after window.
 */
function cutFinder(text: string): (from: number) => number {
  const next = CUTS.map(() => -2);
  return (from) => {
    let cut = text.length;
    for (let i = 0; i < CUTS.length; i++) {
      if (next[i] !== -1 && next[i] < from - 1) next[i] = text.indexOf(CUTS[i], from - 1);
      if (next[i] !== -1) cut = Math.min(cut, next[i] + 1);
    }
    return cut;
  };
}

/** The parts of a text each window owns, as [own, next) offsets; one part when the text is searched whole. */
export type Windows = readonly (readonly [number, number])[];

/**
 * Where a text is cut into windows: each window owns the text from one cut to the next (at least
 * `window` characters apart). Worked out once per text and shared by every detector: a text
 * without `;` nor `|` (prose) is read once for them, not once per detector.
 */
export function windowsOf(text: string, window = WINDOW, margin = MARGIN): Windows {
  if (text.length <= window + margin) return [[0, text.length]];
  const parts: [number, number][] = [];
  const cutAfter = cutFinder(text);
  for (let own = 0, next = 0; own < text.length; own = next) {
    next = cutAfter(own + window);
    parts.push([own, next]);
  }
  return parts;
}

/**
 * The same matches as `detector.find(text, emit)`, with the same offsets and in the same order,
 * found window by window (see windowsOf): each window is searched with `margin` characters on
 * both sides and keeps the matches that start in the part it owns. Since no match spans a cut, a
 * value is whole in the one window that owns its offset and counted once. Long lines (a table
 * exported without line ends, a minified JSON, a text layer) are searched in bounded pieces; a
 * text with no `;` nor `|` is searched whole, which every detector does in linear time by itself.
 */
export function findInWindows(detector: Detector, text: string, emit: MatchSink, window = WINDOW, margin = MARGIN, windows?: Windows): void {
  // Most texts are cells and short parts: searched whole, nothing allocated.
  if (text.length <= window + margin) return detector.find(text, emit);
  const parts = windows ?? windowsOf(text, window, margin);
  if (parts.length === 1) return detector.find(text, emit);
  for (const [own, next] of parts) {
    const from = Math.max(0, own - margin);
    detector.find(text.slice(from, Math.min(text.length, next + margin)), (m) => {
      const index = from + m.index;
      if (index >= own && index < next) emit(from === 0 ? m : { ...m, index });
    });
  }
}
