import { Chalk } from 'chalk';
import type { MessageHeaders, Verdict } from '../model/result.js';
import { adviceLines } from './advice.js';
import { SEVERITY_RANK } from '../model/findings.js';
import type { Lang } from './i18n.js';
import { counted, entityList, formatNumber, messages } from './i18n.js';
import type { FindingReport, MessageReport, Report } from './report.js';
import type { RenderOptions, StreamReporter } from './reporters.js';
import { issueDetailText } from './issue-detail-text.js';

export type TextOptions = RenderOptions;


/**
 * The report a sender reads: one line per message with its verdict, then for each blocked,
 * warned or unreadable message what was found, where, and what to do next; a summary at the end.
 */
export function textReporter(options: TextOptions): StreamReporter {
  const m = messages(options.lang);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const paint: Record<Verdict, (s: string) => string> = {
    block: (s) => chalk.red.bold(s),
    warn: (s) => chalk.yellow.bold(s),
    unscannable: (s) => chalk.magenta.bold(s),
    pass: (s) => chalk.green(s),
  };
  const width = Math.max(...Object.values(m.verdict).map((v) => v.length)) + 2;
  return {
    begin: () => '',
    message(msg) {
      if (options.quiet && msg.verdict === 'pass') return '';
      const label = m.verdict[msg.verdict];
      const name = msg.index !== undefined ? `${msg.source}, ${m.position(formatNumber(msg.index + 1, options.lang))}` : msg.source;
      // An IMAP message's address already names its folder and UID.
      const place = msg.mailbox ? m.mailboxPlace(msg.mailbox.format === 'imap' ? undefined : msg.mailbox.folder, msg.mailbox.flags) : '';
      const lines = [`${paint[msg.verdict](label)}${' '.repeat(width - label.length)}${name}${place}${passNote(msg, options.lang)}`];
      // A message to act on says how to find it in the mail program.
      if (msg.verdict !== 'pass' && msg.headers) lines.push(' '.repeat(width) + headerLine(msg.headers, options.lang));
      if (msg.verdict !== 'pass') for (const [where, subject] of forwardedSubjects(msg)) lines.push(' '.repeat(width) + m.forwarded(where, subject));
      lines.push(...explain(msg, options.lang, options.showData).map((l) => ' '.repeat(width) + l));
      return lines.map((l) => `${l}\n`).join('');
    },
    end(_verdict, s) {
      if (s.messages === 0) return `\n${m.nothingScanned}\n`;
      return `\n${summaryLines(s, options.lang).join('\n')}\n`;
    },
  };
}

/**
 * The summary of a run and what to do with it, in one sentence: the text report's last lines, and
 * what a run with `--output` still says on standard error.
 */
export function summaryLines(s: Report['summary'], lang: Lang): string[] {
  const m = messages(lang);
  if (s.messages === 0) return [m.nothingScanned];
  const n = (x: number) => formatNumber(x, lang);
  const seconds = s.seconds.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  return [m.summary({ messages: n(s.messages), blocked: n(s.blocked), warned: n(s.warned), unscannable: n(s.unscannable), passed: n(s.passed), seconds }), m.conclusion(s)];
}

/** An ISO 8601 time as people read it in a report, to the minute: "2022-08-08 08:14 UTC". */
export const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** "Subject: … — From: … — To: a, b, c and 12 more — Date: 2022-08-10 09:12 UTC". */
export function headerLine(h: MessageHeaders, lang: Lang): string {
  const m = messages(lang);
  const label = (name: string, value: string) => `${name}${m.colon}${value}`;
  const parts = [label(m.header.subject, h.subject ?? m.header.noSubject)];
  if (h.from !== undefined) parts.push(label(m.header.from, h.from));
  if (h.recipients > 0) {
    const more = h.recipients - h.to.length;
    parts.push(label(m.header.to, `${h.to.join(', ')}${more > 0 ? ` ${m.header.more(formatNumber(more, lang))}` : ''}`));
  }
  if (h.date !== undefined) parts.push(label(m.header.date, utcMinute(h.date)));
  return parts.join(' — ');
}

/** The attached or forwarded messages that hold what is reported, by their own subject, outermost first. */
function forwardedSubjects(msg: MessageReport): [string, string][] {
  const places = [...msg.findings.filter((f) => f.severity !== 'low').map((f) => f.where), ...msg.issues.map((i) => i.where)];
  return msg.parts.filter((p) => p.subject !== undefined && places.some((w) => w.startsWith(`${p.where}!`))).map((p) => [p.where, p.subject as string]);
}

/** One finding in one line: where, what, and how many people. */
function findingLine(f: FindingReport, lang: Lang): string {
  const m = messages(lang);
  const colon = m.colon;
  const accepted = f.accepted ? `, ${m.accepted}${colon}${f.accepted.reason}` : '';
  if (f.kind === 'known-customers') return `${f.where}${colon}${f.reasons[0]} -> ${m.kind[f.kind]}${accepted}`;
  if (f.people === 0) return `${f.where}${colon}${entityList(f.entities, lang)} -> ${m.kind[f.kind]}${accepted}`;
  const columns = f.columns.length ? `, ${m.columns} ${f.columns.map((c) => c.header).join(', ')}` : '';
  const rows = f.rows !== undefined ? `${counted(f.rows, m.rows, lang)}${columns}` : f.reasons[0];
  return `${f.where}${colon}${rows} -> ${m.kind[f.kind]} (${counted(f.people, m.people, lang)})${accepted}`;
}

/** A passing message with loose values says so briefly: the user sees that the signature was read. */
export function passNote(msg: MessageReport, lang: Lang): string {
  const loose = msg.findings.filter((f) => !f.accepted);
  if (msg.verdict !== 'pass' || loose.length === 0) return '';
  const totals: Record<string, number> = {};
  for (const f of loose) for (const [e, c] of Object.entries(f.entities)) totals[e] = (totals[e] ?? 0) + (c ?? 0);
  const m = messages(lang);
  return `  (${m.personalData}${m.colon}${entityList(totals, lang)})`;
}

/**
 * The lines under a message's verdict: what was found and where, what could not be read, and what
 * to do next. A passing message only lists the findings a baseline accepted, with their reason.
 * Shared with the JUnit report, whose failures say the same.
 */
export function explain(msg: MessageReport, lang: Lang, showData = false): string[] {
  const m = messages(lang);
  const colon = m.colon;
  const out: string[] = [];
  // The reason first: the findings below say what the attachment holds.
  if (msg.rule === 'mass-mailing' && msg.massMailing) out.push(m.massMailing(msg.massMailing));
  const shown = msg.findings
    .filter((f) => f.severity !== 'low' && (msg.verdict !== 'pass' || f.accepted))
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  for (const f of shown) {
    out.push(findingLine(f, lang));
    // The values only when the user asked for them (`--show-data`): they are whole then.
    if (showData && f.samples.length > 0) out.push(`  ${m.values}${colon}${f.samples.join(', ')}`);
  }
  for (const issue of msg.issues) out.push(`${issue.where}${colon}${m.issue[issue.code]} (${issue.code}: ${issueDetailText(issue, lang)})`);
  out.push(...adviceLines(msg, lang));
  return out;
}
