import { deflateRawSync } from 'node:zlib';
import type { HostileCase } from '../hostile-case.js';
import { repeat, streamToFile } from '../hostile-case.js';
import { put } from './common.js';

/**
 * A PDF from numbered object bodies (1-based), with a correct xref table unless `trailer` says
 * otherwise; `extraTrailer` adds keys (a /Prev) to the trailer dictionary.
 */
function pdfOf(objects: readonly (string | Buffer)[], extraTrailer = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0].length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(obj);
    at += obj.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extraTrailer.replace('SELF', String(at))}>>\nstartxref\n${at}\n%%EOF\n`;
  return Buffer.concat([...parts, Buffer.from(xref + trailer, 'latin1')]);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const text = (s: string) => Buffer.from(`BT /F1 12 Tf 72 720 Td (${s}) Tj ET`, 'latin1');

/** A page tree whose Pages node lists itself among its kids. */
const pageTreeLoop = () => pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>', stream('', text('Compte rendu')), FONT]);

/** A trailer whose /Prev points back at its own xref section. */
const xrefLoop = () => pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>', stream('', text('Compte rendu')), FONT], '/Prev SELF ');

/** Forms that each draw the next twice, 30 deep: 2^30 draws of the last if followed blindly. */
function nestedForms(depth: number): Buffer {
  const first = 6;
  const forms = Array.from({ length: depth }, (_, i) => {
    const next = i + 1 < depth ? `/XObject << /X ${first + i + 1} 0 R >>` : '/Font << /F1 5 0 R >>';
    const body = i + 1 < depth ? Buffer.from('q /X Do Q q /X Do Q', 'latin1') : text('fond');
    return stream(`/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << ${next} >>`, body);
  });
  return pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X ${first} 0 R >> >> >>`, stream('', Buffer.from('/X Do', 'latin1')), FONT, ...forms]);
}

/**
 * A content stream that inflates to 4 GiB of spaces out of 4 MB: the same full-flushed deflate
 * segment repeated (a full flush resets the window, so segments chain), then a final empty block.
 */
async function inflatingStream(dir: string): Promise<string> {
  const MiB = 1024 * 1024;
  const segment = deflateRawSync(Buffer.alloc(64 * MiB, 0x20), { finishFlush: 3 }); // Z_FULL_FLUSH: no final block
  const copies = 64;
  const body = Buffer.concat([Buffer.from([0x78, 0x01])]);
  const head = pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>']);
  // Object 4 is appended after the xref of the first three: readers rebuild the xref (pdf.js does).
  const length = body.length + segment.length * copies + 2;
  const pre = Buffer.from(`4 0 obj\n<< /Filter /FlateDecode /Length ${length} >>\nstream\n`, 'latin1');
  const post = Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1');
  return streamToFile(`${dir}/inflate.pdf`, [head, pre, body, ...repeat(segment, copies), Buffer.from([0x03, 0x00]), post]);
}

export const PDF_CASES: HostileCase[] = [
  { name: 'pdf: page tree whose Pages node is its own kid', build: (d) => put(d, 'pages.pdf', pageTreeLoop()), expected: { exit: 2, verdict: 'unscannable', issues: ['corrupt@pages.pdf'] } },
  { name: 'pdf: xref /Prev pointing at itself', build: (d) => put(d, 'xref.pdf', xrefLoop()), expected: { exit: 0, verdict: 'pass', issues: [] } },
  // pdf.js draws form by form with no count to stop it: the part's time limit does, here a 10 s one (the default is 60 s).
  { name: 'pdf: forms drawing forms, 2^30 draws', build: (d) => put(d, 'forms.pdf', nestedForms(30)), limits: { partTimeoutMs: 10_000 }, expected: { exit: 2, verdict: 'unscannable', issues: ['timeout@forms.pdf'] } },
  { name: 'pdf: a content stream inflating to 4 GiB', build: inflatingStream, expected: { exit: 2, verdict: 'unscannable', issues: ['too-large@inflate.pdf'] } },
];
