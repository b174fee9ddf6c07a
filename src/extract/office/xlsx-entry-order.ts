import type { Entry } from 'yauzl';
import { entries, entryName, openZip } from '../archives/zip-reader.js';

/**
 * exceljs's streaming reader handles the parts of an XLSX in the order it meets them. A worksheet
 * met before `xl/sharedStrings.xml` (Excel's own order) is written to a temporary FILE and read
 * back later, and sheet names come from `xl/workbook.xml`, which some writers put last. pii-scan
 * never writes attachment content to disk, so the workbook is handed to exceljs reordered: the
 * same compressed bytes, entry by entry, with the workbook's relations, the workbook, the shared
 * strings and the styles first, without the entries it does not read. Nothing is inflated here.
 */
const FIRST = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/styles.xml'];
/**
 * The worksheets exceljs reads (workbook-reader.js matches this name); the other entries (images,
 * drawings, printer settings) exceljs would inflate only to drain them, outside any budget: they
 * are left out.
 */
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/** Offset of the central directory, from the end-of-central-directory record. */
function centralDirectoryOffset(zip: Buffer): number {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  return eocd === -1 ? zip.length : zip.readUInt32LE(eocd + 16);
}

/**
 * Returns the workbook with its local entries reordered for a streaming reader, followed by the
 * original central directory (a streaming reader stops at its signature; its offsets are not
 * used). Throws the same truncated/corrupt issues as openZip for a damaged archive.
 */
export async function orderWorkbookEntries(workbook: Buffer): Promise<Buffer> {
  const list: { name: string; offset: number }[] = [];
  for await (const entry of entries(await openZip(workbook))) {
    list.push({ name: entryName(entry as Entry), offset: (entry as Entry).relativeOffsetOfLocalHeader });
  }
  const cdOffset = centralDirectoryOffset(workbook);
  const byOffset = [...list].sort((a, b) => a.offset - b.offset);
  // An entry's bytes run from its local header to the next one (data descriptor included).
  const spans = byOffset.map((e, i) => ({ name: e.name, start: e.offset, end: i + 1 < byOffset.length ? byOffset[i + 1].offset : cdOffset }));
  const rank = (name: string) => {
    const i = FIRST.indexOf(name);
    return i === -1 ? FIRST.length : i;
  };
  const read = spans.filter((s) => FIRST.includes(s.name) || WORKSHEET.test(s.name));
  const ordered = read.sort((a, b) => rank(a.name) - rank(b.name) || a.start - b.start);
  return Buffer.concat([...ordered.map((s) => workbook.subarray(s.start, s.end)), workbook.subarray(cdOffset)]);
}
