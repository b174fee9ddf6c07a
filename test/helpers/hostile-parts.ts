/** Hostile PDFs and workbooks for the parser-thread tests, built in code. */
import { flate, onePagePdf } from './pdf-objects.js';
import type { PdfObject } from './pdf-objects.js';
import { textCell, xlsxWithSheetData } from './sheet-xml.js';

const HELVETICA = '/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>';
/** A one-line PDF: "Bonjour DUPONT". */
export const cleanPdf = () => onePagePdf(flate('', Buffer.from('BT /F1 12 Tf 72 700 Td (Bonjour DUPONT) Tj ET')));
/**
 * The same line in a content stream written in hexadecimal (ASCIIHexDecode): a filter the fast
 * reader leaves to pdf.js, so reading it loads pdf.js.
 */
export const pdfjsOnlyPdf = () => onePagePdf({ dict: '/Filter /ASCIIHexDecode', stream: Buffer.from(`${Buffer.from('BT /F1 12 Tf 72 700 Td (Bonjour DUPONT) Tj ET').toString('hex')}>`) });

/** `levels` form XObjects, each drawing the next one twice; the last writes a word: 2^levels draws. */
export function nestedFormsPdf(levels: number): Buffer {
  const forms: PdfObject[] = Array.from({ length: levels }, (_, k) => {
    const last = k + 1 === levels;
    const resources = `<< ${HELVETICA} /XObject << ${last ? '' : `/X ${6 + k} 0 R`} >> >>`;
    const body = last ? 'BT /F1 12 Tf 72 700 Td (DUPONT) Tj ET' : '/X Do /X Do';
    return flate(`/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources ${resources}`, Buffer.from(body));
  });
  return onePagePdf(flate('', Buffer.from('/X0 Do')), forms, '/X0 5 0 R');
}

/**
 * A workbook whose sheet's deflate data is garbled: exceljs 4.4.0 never settles on it. Its shared
 * strings carry a phonetic guide (as Japanese Excel writes them), which the fast reader leaves to
 * exceljs (xlsx-fast.ts); `plain` leaves it out, and the fast reader then finds the damage itself.
 */
export function garbledWorkbook(options: { plain?: boolean } = {}): Buffer {
  const rows = Array.from({ length: 3000 }, (_, i) => `<row r="${i + 1}">${textCell(`A${i + 1}`, `DUPONT${i}`)}</row>`).join('');
  const zip = xlsxWithSheetData(rows, [], options.plain ? '' : '<si><t>DUPONT</t><rPh sb="0" eb="6"><t>デュポン</t></rPh></si>');
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), zip.indexOf(name));
  const data = local + 30 + name.length + 20;
  return zip.fill(0xff, data, data + 40);
}

