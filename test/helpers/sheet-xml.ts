import { contentTypes, relationships, xmlEntry } from '../../fixtures/generator/office-parts.js';
import { makeZip } from './zip-writer.js';
import type { ZipEntrySpec } from './zip-writer.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A one-sheet XLSX ("Feuil1") whose sheet XML is `sheetData` as given (rows and cells written by
 * the test: a cell at XFD1, a million rows), with a shared-string table of `strings` (`<si>`
 * elements; none by default). `extra` entries are added after the sheet.
 */
export function xlsxWithSheetData(sheetData: string, extra: ZipEntrySpec[] = [], strings = ''): Buffer {
  return makeZip([
    contentTypes([['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml']]),
    relationships('_rels/.rels', [['rId1', `${REL}/officeDocument`, 'xl/workbook.xml']]),
    relationships('xl/_rels/workbook.xml.rels', [['rId1', `${REL}/worksheet`, 'worksheets/sheet1.xml'], ['rId2', `${REL}/sharedStrings`, 'sharedStrings.xml']]),
    xmlEntry('xl/workbook.xml', `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    xmlEntry('xl/sharedStrings.xml', strings ? `<sst xmlns="${MAIN}">${strings}</sst>` : `<sst xmlns="${MAIN}" count="0" uniqueCount="0"/>`),
    xmlEntry('xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`),
    ...extra,
  ]);
}

/** An inline-string cell. */
export const textCell = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
