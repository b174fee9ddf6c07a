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
const CUT = /[;|]/g;

/** The first offset at or after `from` that follows a `;` or `|`; the text's length when there is none. */
function cutAfter(text: string, from: number): number {
  CUT.lastIndex = from - 1;
  const found = CUT.exec(text);
  return found ? found.index + 1 : text.length;
}

/**
 * The same matches as `detector.find(text, emit)`, with the same offsets and in the same order,
 * found window by window: each window owns the text from one cut to the next (at least `window`
 * characters apart) and is searched with `margin` characters on both sides; it keeps the matches
 * that start in the part it owns. Since no match spans a cut, a value is whole in the one window
 * that owns its offset and counted once. Long lines (a table exported without line ends, a minified
 * JSON, a text layer) are searched in bounded pieces; a text with no `;` nor `|` is searched whole,
 * which every detector does in linear time by itself.
 */
export function findInWindows(detector: Detector, text: string, emit: MatchSink, window = WINDOW, margin = MARGIN): void {
  if (text.length <= window + margin) return detector.find(text, emit);
  for (let own = 0, next = 0; own < text.length; own = next) {
    next = cutAfter(text, own + window);
    if (own === 0 && next === text.length) return detector.find(text, emit);
    const from = Math.max(0, own - margin);
    detector.find(text.slice(from, Math.min(text.length, next + margin)), (m) => {
      const index = from + m.index;
      if (index >= own && index < next) emit(from === 0 ? m : { ...m, index });
    });
  }
}
