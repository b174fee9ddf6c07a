import { MessageBudget } from '../budget.js';
import type { ExtractContext } from '../extractor.js';
import { ContentReader } from './pdf-content.js';
import { PdfFile } from './pdf-file.js';
import { FontCache } from './pdf-fonts.js';
import { groupLines } from './pdf-lines.js';
import { PdfTableFinder } from './pdf-tables.js';
import { UnsupportedPdf } from './pdf-syntax.js';

/**
 * The fast reader: the text of a PDF made of what billing systems, office suites and mail-merge
 * tools write (unencrypted, FlateDecode streams, fonts whose codes have a ToUnicode map or a named
 * encoding, and widths), read straight from its content streams in about a tenth of pdf.js's time
 * (docs/benchmarks.md). It places each run as pdf.js would, so the same table finder reads the
 * same rows. Anything else (another filter, encryption, a Type 3 or symbolic font, a code
 * without text, a damaged structure, or no text at all) returns null, and pdf.js reads the file:
 * the fast reader never decides that a PDF is unreadable.
 *
 * What it spends is counted on a copy of the message's budget, taken over only when it succeeds,
 * so that pdf.js, when it reads the file after all, is not charged twice. Streams that would
 * inflate past `maxInflated` in all make it give up the same way.
 */
export function readSimplePdf(content: Buffer, ctx: ExtractContext, charge: (budget: MessageBudget, runs: number) => void, maxInflated = Infinity): PdfTableFinder | null {
  const state = ctx.budget.state();
  // `maxInflated` lowers what the streams may inflate to, in all, for this reading only.
  const limits = maxInflated < Infinity ? { ...ctx.limits, maxInflatedBytes: Math.min(ctx.limits.maxInflatedBytes, state.inflated + maxInflated) } : ctx.limits;
  const trial = new MessageBudget(limits, Date.now, state);
  try {
    const file = new PdfFile(content, trial, ctx.limits.maxPartBytes);
    const fonts = new FontCache(file);
    const finder = new PdfTableFinder();
    let runs = 0;
    file.pages().forEach(({ page, resources }, i) => {
      trial.checkTime();
      const { upright, rotated } = new ContentReader(file, fonts, trial, (n) => charge(trial, n)).page(file.contentOf(page), resources);
      runs += upright.length + rotated.length;
      for (const line of groupLines(upright, i + 1)) finder.push(line);
      // After the page's lines, each on its own, as pdf-read.ts does.
      for (const run of rotated) finder.push({ page: i + 1, items: [run] });
    });
    // No text at all: a scanned page, or text the reader does not see. pdf.js decides.
    if (runs === 0) return null;
    trial.chargeInflated(file.inflated);
    ctx.budget.absorb(trial.state());
    return finder;
  } catch (err) {
    if (err instanceof UnsupportedPdf || err instanceof RangeError) return null;
    throw err;
  }
}
