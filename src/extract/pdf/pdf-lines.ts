/**
 * A run of text as pdf.js places it on a page, in PDF user space (points, y growing upwards).
 * `x` and `y` are where its baseline starts; `size` is the font height.
 */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
  /** pdf.js's name of the loaded font: a header row in bold uses another font than the data rows. */
  font: string;
}

/** The runs that share one baseline on one page, left to right. */
export interface PageLine {
  /** 1-based page number. */
  page: number;
  items: PlacedText[];
}

/** Baselines closer than this share a line, as a fraction of the font height (kerning and rounding, not superscripts). */
const BASELINE_TOLERANCE = 0.35;
/** A gap under this fraction of the font height is no space: pdf.js split one word (kerning). */
const WORD_GAP = 0.15;
/** A gap over this fraction of the font height is no word space either: the layout separates two cells. */
const CELL_GAP = 0.8;

/** Top of the page first; x breaks ties so that equal baselines come out left to right. */
const topThenLeft = (a: PlacedText, b: PlacedText) => b.y - a.y || a.x - b.x;
const leftToRight = (a: PlacedText, b: PlacedText) => a.x - b.x;
const hasRunText = (item: PlacedText) => item.text.trim() !== '';

/**
 * Groups the runs of one page by baseline and sorts each line by x. Producers that write a table
 * column by column (or a page in any order) still give one line per row. Sorting makes it
 * O(n log n); the runs of one page are a few thousand at most.
 */
export function groupLines(items: readonly PlacedText[], page: number): PageLine[] {
  const placed = items.filter(hasRunText);
  placed.sort(topThenLeft);
  const lines: PageLine[] = [];
  let current: PlacedText[] = [];
  let baseline = 0;
  let tolerance = 0;
  for (const item of placed) {
    if (current.length > 0 && baseline - item.y <= tolerance) {
      current.push(item);
      continue;
    }
    if (current.length > 0) lines.push({ page, items: current.sort(leftToRight) });
    current = [item];
    baseline = item.y;
    tolerance = BASELINE_TOLERANCE * item.size;
  }
  if (current.length > 0) lines.push({ page, items: current.sort(leftToRight) });
  return lines;
}

/** Space between two runs of a line: nothing, a word space, or a tab when the layout separates them. */
function separatorBetween(left: PlacedText, right: PlacedText): '' | ' ' | '\t' {
  const gap = right.x - (left.x + left.width);
  const size = Math.max(left.size, right.size, 1);
  if (gap > CELL_GAP * size) return '\t';
  if (gap > WORD_GAP * size || /\s$/.test(left.text) || /^\s/.test(right.text)) return ' ';
  return '';
}

/** Joins runs (already left to right) into text, spaces and tabs placed from the gaps between them. */
export function joinRuns(items: readonly PlacedText[]): string {
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    text += (i > 0 ? separatorBetween(items[i - 1], item) : '') + item.text.trim();
  }
  return text;
}

/**
 * Splits a line into segments: runs closer than a cell gap belong together. Used only to find
 * where cells start; cell content is assigned run by run once the columns are known.
 */
export function segmentStarts(line: PageLine): number[] {
  const starts: number[] = [];
  line.items.forEach((item, i) => {
    if (i === 0 || separatorBetween(line.items[i - 1], item) === '\t') starts.push(item.x);
  });
  return starts;
}
