import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import { entries, entryName, openZip } from '../archives/zip-reader.js';
import type { ExtractContext, ExtractOutput } from '../extractor.js';
import type { ParserFunction } from '../isolate/parser-jobs.js';
import { oneLine } from '../one-line.js';
import { sheetTable } from '../ole/xls-read.js';
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
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw new PartIssueError('encrypted', issueDetail('workbook-entry-encrypted', { entry: entryName(entry) }));
    if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxCompressionRatio) {
      throw new PartIssueError('too-large', issueDetail('workbook-entry-bomb', { entry: entryName(entry), ratio: limits.maxCompressionRatio }));
    }
    declared += entry.uncompressedSize;
  }
  zip.close();
  if (declared > limits.maxPartBytes) throw new PartIssueError('too-large', issueDetail('workbook-over-limit', { bytes: declared, limit: limits.maxPartBytes }));
  budget.chargeInflated(declared);
}

/**
 * Excel binary workbooks (.xlsb, a ZIP of BIFF12 records) through SheetJS, in a parser thread
 * (SheetJS parses synchronously: only terminating its thread stops it); every sheet a table.
 */
export const readXlsbWorkbook: ParserFunction = async function* (content, where, ctx): AsyncIterable<ExtractOutput> {
  const timeoutDetail = issueDetail('workbook-timeout', { seconds: ctx.limits.partTimeoutMs / 1000 });
  await checkPackage(content, ctx);
  const XLSX = await import('@e965/xlsx');
  let book: { SheetNames: string[]; Sheets: Record<string, SheetLike> };
  try {
    book = XLSX.read(content, { type: 'buffer', dense: true, cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
  } catch (err) {
    throw new PartIssueError('corrupt', issueDetail('unreadable-workbook', { cause: oneLine(err) }));
  }
  if (book.SheetNames.length === 0) throw new PartIssueError('corrupt', issueDetail('workbook-without-sheet'));
  if (Date.now() > ctx.budget.deadline) throw new PartIssueError('timeout', timeoutDetail);
  for (const name of book.SheetNames) yield { kind: 'unit', unit: sheetTable(book.Sheets[name] ?? {}, `${where}#${name}`, ctx, timeoutDetail) };
};
