/**
 * Compares the fast PDF reader with pdf.js on PDF files: the same units (text and tables) from
 * both, and the time each takes. `npx tsx scripts/pdf-diff.ts FILE.pdf...`
 */
import { readFileSync } from 'node:fs';
import { messageContext } from '../src/extract/extractor.js';
import type { ExtractOutput } from '../src/extract/extractor.js';
import { readPdf, readWithPdfjs } from '../src/extract/pdf/pdf-read.js';
import { readSimplePdf } from '../src/extract/pdf/pdf-simple.js';
import { DEFAULT_LIMITS } from '../src/model/limits.js';

async function collect(outputs: AsyncIterable<ExtractOutput>): Promise<ExtractOutput[]> {
  const all: ExtractOutput[] = [];
  try {
    for await (const o of outputs) all.push(o);
  } catch (err) {
    all.push({ kind: 'issue', code: 'corrupt', where: '', detail: String((err as Error).message) });
  }
  return all;
}

let same = 0;
let differ = 0;
let declined = 0;
for (const file of process.argv.slice(2)) {
  const content = readFileSync(file);
  const t0 = performance.now();
  const simple = readSimplePdf(content, messageContext(DEFAULT_LIMITS), () => undefined);
  const t1 = performance.now();
  const fast = simple ? await collect(readPdf(content, 'x.pdf', messageContext(DEFAULT_LIMITS), () => undefined)) : null;
  const t2 = performance.now();
  const slow = await collect(readWithPdfjs(content, 'x.pdf', messageContext(DEFAULT_LIMITS)));
  const t3 = performance.now();
  if (!fast) {
    declined++;
    console.log(`declined  ${file} (pdf.js ${(t3 - t2).toFixed(0)} ms)`);
    continue;
  }
  const a = JSON.stringify(fast);
  const b = JSON.stringify(slow);
  if (a === b) same++;
  else differ++;
  console.log(`${a === b ? 'same     ' : 'DIFFERENT'} ${file}: fast ${(t1 - t0).toFixed(0)} ms, pdf.js ${(t3 - t2).toFixed(0)} ms`);
  if (a !== b && process.env.SHOW) {
    const fa = fast.map((o) => JSON.stringify(o)).join('\n').split('\n');
    const fb = slow.map((o) => JSON.stringify(o)).join('\n').split('\n');
    console.log('fast:', a.slice(0, 3000));
    console.log('pdfjs:', b.slice(0, 3000));
    void fa;
    void fb;
  }
}
console.log(`${same} same, ${differ} different, ${declined} declined`);
