import { Chalk } from 'chalk';
import type { Verdict } from '../model/result.js';
import type { Lang } from './i18n.js';
import { counted, entityList, formatNumber, messages } from './i18n.js';
import type { MessageReport } from './report.js';
import type { RenderOptions, StreamReporter } from './reporters.js';

export type TextOptions = RenderOptions;

const KIND_ORDER = { high: 0, medium: 1, low: 2 } as const;

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
      const name = msg.index !== undefined ? `${msg.source} [${msg.index}]` : msg.source;
      // An IMAP message's address already names its folder and UID.
      const place = msg.mailbox ? m.mailboxPlace(msg.mailbox.format === 'imap' ? undefined : msg.mailbox.folder, msg.mailbox.flags) : '';
      const lines = [`${paint[msg.verdict](label)}${' '.repeat(width - label.length)}${name}${place}${passNote(msg, options.lang)}`];
      lines.push(...explain(msg, options.lang).map((l) => ' '.repeat(width) + l));
      return lines.map((l) => `${l}\n`).join('');
    },
    end(_verdict, s) {
      const n = (x: number) => formatNumber(x, options.lang);
      if (s.messages === 0) return `\n${m.nothingScanned}\n`;
      return `\n${m.summary({ messages: n(s.messages), blocked: n(s.blocked), warned: n(s.warned), unscannable: n(s.unscannable), passed: n(s.passed), seconds: s.seconds.toLocaleString(options.lang === 'fr' ? 'fr-FR' : 'en-GB') })}\n`;
    },
  };
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
export function explain(msg: MessageReport, lang: Lang): string[] {
  const m = messages(lang);
  const colon = m.colon;
  const out: string[] = [];
  // The reason first: the findings below say what the attachment holds.
  if (msg.rule === 'mass-mailing' && msg.massMailing) out.push(m.massMailing(msg.massMailing));
  const shown = msg.findings
    .filter((f) => f.severity !== 'low' && (msg.verdict !== 'pass' || f.accepted))
    .sort((a, b) => KIND_ORDER[a.severity] - KIND_ORDER[b.severity]);
  for (const f of shown) {
    const accepted = f.accepted ? `, ${m.accepted}${colon}${f.accepted.reason}` : '';
    if (f.kind === 'known-customers') {
      out.push(`${f.where}${colon}${f.reasons[0]} -> ${m.kind[f.kind]}${accepted}`);
      continue;
    }
    if (f.people === 0) {
      out.push(`${f.where}${colon}${entityList(f.entities, lang)} -> ${m.kind[f.kind]}${accepted}`);
      continue;
    }
    const columns = f.columns.length ? `, ${m.columns} ${f.columns.map((c) => c.header).join(', ')}` : '';
    const rows = f.rows !== undefined ? `${counted(f.rows, m.rows, lang)}${columns}` : f.reasons[0];
    out.push(`${f.where}${colon}${rows} -> ${m.kind[f.kind]} (${counted(f.people, m.people, lang)})${accepted}`);
  }
  for (const issue of msg.issues) out.push(`${issue.where}${colon}${m.issue[issue.code]} (${issue.code}: ${issue.detail})`);
  if (msg.verdict === 'block' || msg.verdict === 'warn' || msg.verdict === 'unscannable') out.push(m.advice[msg.verdict]);
  return out;
}
