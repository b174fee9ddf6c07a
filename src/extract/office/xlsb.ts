import { PartIssueError } from '../../model/issues.js';
import type { ExtractContext, Extractor, ExtractOutput } from '../extractor.js';
import { entries, entryName, openZip } from '../archives/zip-reader.js';
import { oneLine } from '../one-line.js';
import { sheetTable } from '../ole/xls.js';
import type { SheetLike } from '../ole/xls.js';

/**
 * What the package declares it inflates to, checked before SheetJS inflates it all in memory:
 * entries counted, password-protected entries `encrypted`, the declared sizes charged to the
 * message's budget and held under maxPartBytes and the compression ratio.
 */
async function checkPackage(content: Buffer, ctx: ExtractContext): Promise<void> {
  const { limits, budget } = ctx;
  const zip = await openZip(content);
  let declared = 0;
  for await (const entry of entries(zip)) {
    budget.chargeEntry();
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new PartIssueError('encrypted', `password-protected workbook (${entryName(entry)})`);
    if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxCompressionRatio) {
      throw new PartIssueError('too-large', `${entryName(entry)} claims a compression ratio over ${limits.maxCompressionRatio}: treated as a bomb`);
    }
    declared += entry.uncompressedSize;
  }
  zip.close();
  if (declared > limits.maxPartBytes) throw new PartIssueError('too-large', `workbook inflates to ${declared} bytes, over the ${limits.maxPartBytes}-byte limit`);
  budget.chargeInflated(declared);
}

/**
 * Excel binary workbooks (.xlsb, a ZIP of BIFF12 records) through SheetJS, the library already
 * used for .xls and the only one on npm that reads them; every sheet a table (`file.xlsb#Feuil1`).
 */
export const xlsbExtractor: Extractor = {
  id: 'xlsb',
  accepts: (type) => type === 'xlsb',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    const deadline = Date.now() + ctx.budget.partTimeout();
    const timeoutDetail = `workbook not read within ${limits.partTimeoutMs / 1000} s`;
    await checkPackage(part.content, ctx);
    const XLSX = await import('@e965/xlsx');
    let book: { SheetNames: string[]; Sheets: Record<string, SheetLike> };
    try {
      book = XLSX.read(part.content, { type: 'buffer', dense: true, cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
    } catch (err) {
      throw new PartIssueError('corrupt', `unreadable workbook: ${oneLine(err)}`);
    }
    if (book.SheetNames.length === 0) throw new PartIssueError('corrupt', 'workbook without any sheet');
    if (Date.now() > deadline) throw new PartIssueError('timeout', timeoutDetail);
    for (const name of book.SheetNames) {
      const unit = sheetTable(book.Sheets[name] ?? {}, `${part.where}#${name}`, limits.maxRowsPerTable, deadline, timeoutDetail);
      ctx.budget.chargeCells(unit.rows.reduce((n, row) => n + row.length, 0));
      yield { kind: 'unit', unit };
    }
  },
};
