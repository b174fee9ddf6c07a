import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { ExtractContext } from '../extractor.js';
import { DocumentFlow } from './document-flow.js';
import type { FlowOptions } from './document-flow.js';
import { XmlCursor, decodeXmlEntities } from './office-xml.js';
import { mainPart, readPackageParts } from './office-package.js';

/** Elements whose text is not the document's: comment metadata, footnote numbers glued to words. */
const SKIPPED = new Set(['dc:creator', 'dc:date', 'meta:date-string', 'text:note-citation']);
/** The attribute holding a cell's value (a cell has one, after its value type), for a cell that shows no text. */
const VALUE_ATTRIBUTE = /\soffice:(?:date-|time-|boolean-|string-)?value\s*=\s*(?:"([^"]*)"|'([^']*)')/;
/** `text:c` is unbounded in the schema; a run of spaces this long carries nothing more. */
const MAX_SPACES = 1_000;

/** A positive integer attribute (a repeat count), 1 when absent or malformed. */
function count(value: string | undefined): number {
  const n = value === undefined ? 1 : Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** ODF collapses white space in text (§6.1.2); spaces that count are written as text:s. */
function collapse(text: string): string {
  return /[\t\r\n]| {2}/.test(text) ? text.replace(/[ \t\r\n]+/g, ' ') : text;
}

/**
 * Reads an OpenDocument XML part (content.xml, styles.xml) into a flow: `table:table` with its
 * repeated rows and cells, `text:p` and `text:h` with `text:s`, `text:tab`, `text:line-break`.
 * Repeats are honoured through the flow, which never expands empty cells or rows (sparse).
 */
function readOdfXml(xml: string, flow: DocumentFlow, deadline: number): void {
  const c = new XmlCursor(xml, deadline);
  const rowRepeats: number[] = [];
  const cells: { repeat: number; fallback: string | undefined }[] = [];
  let headerRows = 0;
  while (c.next()) {
    if (c.kind === 'text') {
      flow.append(collapse(c.text()));
      continue;
    }
    const opens = c.kind !== 'close';
    const closes = c.kind !== 'open';
    switch (c.name) {
      case 'table:table':
        if (c.kind === 'open') flow.openTable(c.attr('table:name'));
        else if (c.kind === 'close') flow.closeTable();
        break;
      case 'table:table-header-rows':
        if (c.kind === 'open') headerRows++;
        else if (c.kind === 'close') headerRows = Math.max(0, headerRows - 1);
        break;
      case 'table:table-row':
        if (opens) {
          flow.openRow();
          if (headerRows) flow.markHeaderRow();
          rowRepeats.push(count(c.attr('table:number-rows-repeated')));
        }
        if (closes) flow.closeRow(rowRepeats.pop());
        break;
      case 'table:table-cell':
      case 'table:covered-table-cell':
        if (opens) {
          flow.openCell();
          cells.push({ repeat: count(c.attr('table:number-columns-repeated')), fallback: cellValue(c) });
        }
        if (closes) {
          const cell = cells.pop();
          flow.closeCell(cell?.repeat, 1, cell?.fallback);
        }
        break;
      case 'text:p':
      case 'text:h':
        flow.element('paragraph', c.kind);
        break;
      case 'text:s':
        if (opens) flow.append(' '.repeat(Math.min(count(c.attr('text:c')), MAX_SPACES)));
        break;
      case 'text:tab':
        if (opens) flow.append('\t');
        break;
      case 'text:line-break':
        if (opens) flow.append('\n');
        break;
      case 'office:annotation':
        if (c.kind === 'open') flow.divert();
        else if (c.kind === 'close') flow.undivert();
        break;
      default:
        if (c.kind === 'open' && SKIPPED.has(c.name)) c.skipElement();
    }
  }
}

function cellValue(c: XmlCursor): string | undefined {
  const match = VALUE_ATTRIBUTE.exec(c.tag());
  return match ? decodeXmlEntities(match[1] ?? match[2]) : undefined;
}

/** What an OpenDocument file holds: the flow of content.xml, and of styles.xml when asked. */
interface OdfDocument {
  content: DocumentFlow;
  styles: DocumentFlow | null;
}

/**
 * Opens an OpenDocument package: checks that it is neither encrypted (ODF encrypts entries
 * itself and declares it in the manifest; the ZIP flag stays clear) nor missing content.xml,
 * then reads content.xml (and styles.xml, where page headers and footers live, if asked).
 */
export async function readOdfPackage(content: Buffer, ctx: ExtractContext, options: Omit<FlowOptions, 'maxRows'>, withStyles: boolean): Promise<OdfDocument> {
  const wanted = new Set(['content.xml', 'META-INF/manifest.xml', ...(withStyles ? ['styles.xml'] : [])]);
  const parts = await readPackageParts(content, (name) => wanted.has(name), ctx);
  const { limits } = ctx;
  if (parts.get('META-INF/manifest.xml')?.includes('encryption-data')) throw new PartIssueError('encrypted', issueDetail('document-encrypted'));
  const deadline = ctx.budget.partDeadline();
  const flowOptions = { ...options, maxRows: limits.maxRowsPerTable };
  const main = new DocumentFlow({ ...flowOptions, sparse: true });
  readOdfXml(mainPart(parts, 'content.xml'), main, deadline);
  const stylesXml = parts.get('styles.xml');
  let styles: DocumentFlow | null = null;
  if (stylesXml !== undefined) {
    styles = new DocumentFlow({ ...flowOptions, sparse: true, tablesAsText: true });
    readOdfXml(stylesXml, styles, deadline);
  }
  return { content: main, styles };
}
