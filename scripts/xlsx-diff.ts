/**
 * Compares the fast XLSX reader with exceljs on workbooks: the same tables from both, and the
 * time each takes. `npx tsx scripts/xlsx-diff.ts FILE.xlsx...`
 */
import { readFileSync } from 'node:fs';
import { messageContext } from '../src/extract/extractor.js';
import type { ExtractOutput } from '../src/extract/extractor.js';
import { readWithExceljs } from '../src/extract/office/xlsx-read.js';
import { readWorkbookFast, UnsupportedWorkbook } from '../src/extract/office/xlsx-fast.js';
import { DEFAULT_LIMITS } from '../src/model/limits.js';

/** Units with the rows sent ahead joined back onto their table, as parse-isolated.ts does. */
async function tables(read: (ahead: (rows: string[][]) => void) => AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  let ahead: string[][] = [];
  for await (const o of read((rows) => ahead.push(...rows))) {
    const unit = ((o as ExtractOutput).kind === 'unit' ? (o as { unit: { rows: string[][] } }).unit : o) as { rows?: string[][] };
    if (unit.rows) {
      unit.rows = [...ahead, ...unit.rows];
      ahead = [];
    }
    out.push(unit);
  }
  return out;
}

let same = 0;
let differ = 0;
let declined = 0;
for (const file of process.argv.slice(2)) {
  const content = readFileSync(file);
  const t0 = performance.now();
  let fast: unknown[] | null = null;
  try {
    fast = await tables((ahead) => readWorkbookFast(content, 'x.xlsx', messageContext(DEFAULT_LIMITS), ahead));
  } catch (err) {
    if (!(err instanceof UnsupportedWorkbook)) fast = [String(err)];
    else console.log(`declined: ${err.message}`);
  }
  const t1 = performance.now();
  let slow: unknown[];
  try {
    slow = await tables((ahead) => readWithExceljs(content, 'x.xlsx', messageContext(DEFAULT_LIMITS), ahead));
  } catch (err) {
    slow = [String(err)];
  }
  const t2 = performance.now();
  if (!fast) {
    declined++;
    console.log(`declined  ${file} (exceljs ${(t2 - t1).toFixed(0)} ms)`);
    continue;
  }
  const a = JSON.stringify(fast);
  const b = JSON.stringify(slow);
  if (a === b) same++;
  else differ++;
  console.log(`${a === b ? 'same     ' : 'DIFFERENT'} ${file}: fast ${(t1 - t0).toFixed(0)} ms, exceljs ${(t2 - t1).toFixed(0)} ms`);
  if (a !== b && process.env.SHOW) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) {
        console.log(' fast   ', a.slice(Math.max(0, i - 200), i + 200));
        console.log(' exceljs', b.slice(Math.max(0, i - 200), i + 200));
        break;
      }
    }
  }
}
console.log(`${same} same, ${differ} different, ${declined} declined`);
