import { messages } from './i18n.js';
import type { Lang } from './i18n.js';
import type { FindingReport, MessageReport } from './report.js';
import type { RenderOptions, StreamReporter } from './reporters.js';
import { issueDetailText } from './issue-detail-text.js';

/**
 * The columns of `--format csv`, one row per finding and one per issue: what a data protection
 * officer files in a register (which mail, when, to how many, what kind of data about how many
 * people, and what pii-scan decided). Stable names, whatever the language.
 */
export const CSV_COLUMNS = [
  'source',
  'position',
  'message_id',
  'subject',
  'date',
  'recipients',
  'verdict',
  'rule',
  'kind',
  'where',
  'rows',
  'people',
  'entities',
  'columns',
  'severity',
  'reason',
  'samples',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * A cell as RFC 4180 writes it (quoted when it holds the separator, a quote or a line end), and
 * never a formula: a subject or a file name comes from whoever wrote the mail, and a spreadsheet
 * runs a cell that starts with = + - @ (or a tab or carriage return before one). Such a cell is
 * written after an apostrophe, as OWASP advises for CSV injection.
 */
export function csvCell(value: string | number | undefined, separator: string): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What a spreadsheet set to the language reads between cells: `;` in French, `,` in English. */
export const csvSeparator = (lang: Lang) => (lang === 'fr' ? ';' : ',');
/** UTF-8's byte order mark: a spreadsheet then opens accents right. */
export const CSV_BOM = '\ufeff';

/** One RFC 4180 line (CRLF) of cells. */
export function csvLine(cells: readonly (string | number | undefined)[], separator: string): string {
  return `${cells.map((c) => csvCell(c, separator)).join(separator)}\r\n`;
}

/**
 * `--format csv`: a header line, then rows as messages are decided. French is written with `;`
 * between cells (what a spreadsheet set to French reads), English with `,`; UTF-8 with a byte
 * order mark, so that accents open right in a spreadsheet. A message with neither a finding nor
 * an issue has no row; the summary is not a row either (the exit code and the other formats say it).
 */
export function csvReporter(options: RenderOptions): StreamReporter {
  const separator = csvSeparator(options.lang);
  const line = (cells: Partial<Record<CsvColumn, string | number>>) => csvLine(CSV_COLUMNS.map((c) => cells[c]), separator);
  return {
    begin: () => `${CSV_BOM}${csvLine([...CSV_COLUMNS], separator)}`,
    message(msg) {
      const common = messageCells(msg);
      const rows = msg.findings.map((f) => line({ ...common, ...findingCells(f) }));
      const m = messages(options.lang);
      for (const issue of msg.issues) rows.push(line({ ...common, kind: `issue/${issue.code}`, where: issue.where, reason: `${m.issue[issue.code]}${m.colon}${issueDetailText(issue, options.lang)}` }));
      return rows.join('');
    },
    end: () => '',
  };
}

function messageCells(msg: MessageReport): Partial<Record<CsvColumn, string | number>> {
  return {
    source: msg.source,
    ...(msg.index !== undefined ? { position: msg.index + 1 } : {}),
    ...(msg.messageId ? { message_id: msg.messageId } : {}),
    ...(msg.headers?.subject !== undefined ? { subject: msg.headers.subject } : {}),
    ...(msg.headers?.date !== undefined ? { date: msg.headers.date } : {}),
    ...(msg.headers ? { recipients: msg.headers.recipients } : {}),
    verdict: msg.verdict,
    rule: msg.rule ?? '',
  };
}

function findingCells(f: FindingReport): Partial<Record<CsvColumn, string | number>> {
  return {
    kind: f.kind,
    where: f.where,
    ...(f.rows !== undefined ? { rows: f.rows } : {}),
    people: f.people,
    entities: Object.entries(f.entities)
      .map(([entity, n]) => `${entity}=${n}`)
      .join(' '),
    columns: f.columns.map((c) => c.header).join(' | '),
    severity: f.severity,
    reason: f.reasons[0] ?? '',
    samples: f.samples.join(' | '),
  };
}

