import { deflateSync } from 'node:zlib';

/** A PDF object's body: a dictionary, or a dictionary with its stream (written as given). */
export type PdfObject = string | { dict: string; stream: Buffer };

/**
 * A PDF from its objects (object 1 is the catalog), with a correct cross-reference table: the
 * bytes of hostile PDFs (bombs, self-drawing forms) written exactly as a test needs them.
 */
export function pdfFile(objects: readonly PdfObject[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(size);
    const body =
      typeof object === 'string'
        ? Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`, 'latin1')
        : Buffer.concat([Buffer.from(`${i + 1} 0 obj\n<< ${object.dict} /Length ${object.stream.length} >>\nstream\n`, 'latin1'), object.stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
    chunks.push(body);
    size += body.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  chunks.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${size}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** A deflated stream (FlateDecode) of `data`. */
export const flate = (dict: string, data: Buffer): PdfObject => ({ dict: `${dict} /Filter /FlateDecode`, stream: deflateSync(data) });

/** A one-page PDF whose page draws `content` with Helvetica as /F1 and the given extra objects (numbered from 5). */
export function onePagePdf(content: PdfObject, extra: readonly PdfObject[] = [], xobjects = ''): Buffer {
  return pdfFile([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> /XObject << ${xobjects} >> >> >>`,
    content,
    ...extra,
  ]);
}
