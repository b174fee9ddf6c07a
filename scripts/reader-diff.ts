/**
 * Compares pii-scan's own readers with the libraries they stand in for, on any file: the fast PDF
 * reader with pdf.js, the fast XLSX reader with exceljs. For each file it says whether both gave
 * the same units, or whether the fast reader left the file to the library, and how long each took.
 *
 *   npx tsx scripts/reader-diff.ts FILE.pdf FILE.xlsx...      (SHOW=1: where the first difference is)
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { messageContext } from '../src/extract/extractor.js';
import type { ExtractOutput } from '../src/extract/extractor.js';
import { readWorkbookFast, UnsupportedWorkbook } from '../src/extract/office/xlsx-fast.js';
import { readWithExceljs } from '../src/extract/office/xlsx-read.js';
import { readPdf, readWithPdfjs } from '../src/extract/pdf/pdf-read.js';
import { readSimplePdf } from '../src/extract/pdf/pdf-simple.js';
import { DEFAULT_LIMITS } from '../src/model/limits.js';

type Read = (content: Buffer, ahead: (rows: string[][]) => void) => AsyncIterable<unknown>;

/** Every unit a reader gives (rows sent ahead joined back onto their table), or the error it ended with. */
async function outputs(read: Read, content: Buffer): Promise<unknown[]> {
  const out: unknown[] = [];
  let ahead: string[][] = [];
  try {
    for await (const o of read(content, (rows) => ahead.push(...rows))) {
      const unit = (o as ExtractOutput).kind === 'unit' ? (o as { unit: { rows?: string[][] } }).unit : (o as { rows?: string[][] });
      if (unit.rows) {
        unit.rows = [...ahead, ...unit.rows];
        ahead = [];
      }
      out.push(unit);
    }
  } catch (err) {
    out.push(`error: ${(err as Error).message}`);
  }
  return out;
}

const ctx = () => messageContext(DEFAULT_LIMITS);
/** For each kind of file: whether the fast reader takes it, the fast reader's outputs, the library's. */
const READERS: Record<string, { takes: (c: Buffer) => Promise<boolean>; fast: Read; library: Read }> = {
  '.pdf': {
    takes: async (c) => readSimplePdf(c, ctx(), () => undefined) !== null,
    fast: (c, ahead) => readPdf(c, 'x.pdf', ctx(), ahead),
    library: (c) => readWithPdfjs(c, 'x.pdf', ctx()),
  },
  '.xlsx': {
    takes: async (c) => {
      try {
        for await (const unit of readWorkbookFast(c, 'x.xlsx', ctx(), () => undefined)) void unit;
        return true;
      } catch (err) {
        return !(err instanceof UnsupportedWorkbook);
      }
    },
    fast: (c, ahead) => readWorkbookFast(c, 'x.xlsx', ctx(), ahead),
    library: (c, ahead) => readWithExceljs(c, 'x.xlsx', ctx(), ahead),
  },
};

const counts = { same: 0, different: 0, declined: 0 };
for (const file of process.argv.slice(2)) {
  const reader = READERS[extname(file).toLowerCase()];
  if (!reader) {
    console.log(`skipped   ${file} (neither .pdf nor .xlsx)`);
    continue;
  }
  const content = readFileSync(file);
  const t0 = performance.now();
  if (!(await reader.takes(content))) {
    counts.declined++;
    console.log(`declined  ${file}: left to the library`);
    continue;
  }
  const fast = JSON.stringify(await outputs(reader.fast, content));
  const t1 = performance.now();
  const library = JSON.stringify(await outputs(reader.library, content));
  const t2 = performance.now();
  const same = fast === library;
  counts[same ? 'same' : 'different']++;
  console.log(`${same ? 'same     ' : 'DIFFERENT'} ${file}: fast reader ${(t1 - t0).toFixed(0)} ms, library ${(t2 - t1).toFixed(0)} ms`);
  if (!same && process.env.SHOW) {
    let at = 0;
    while (fast[at] === library[at]) at++;
    console.log(`  fast:    …${fast.slice(Math.max(0, at - 150), at + 150)}`);
    console.log(`  library: …${library.slice(Math.max(0, at - 150), at + 150)}`);
  }
}
console.log(`${counts.same} same, ${counts.different} different, ${counts.declined} left to the library`);
