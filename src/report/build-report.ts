import type { Finding } from '../model/findings.js';
import type { MessageHeaders, MessageResult, Verdict } from '../model/result.js';
import { worstVerdict } from '../policy/policy.js';
import { VERSION } from '../version.js';
import type { Lang } from './i18n.js';
import { counted, entityList, formatNumber, joinList, messages } from './i18n.js';
import { maskValue } from './mask.js';
import type { FindingReport, MessageReport, Report } from './report.js';
import { visibleStrings } from './visible-text.js';

export interface ReportOptions {
  lang: Lang;
  /** Print detected values whole: only when the user asked (`--show-data`). */
  showData: boolean;
  /** The baseline fingerprint of a finding, when the run has a baseline (its salt) to make one. */
  fingerprint?: (f: Finding) => string;
}

/** The one-line reason of a finding: "15 930 lignes, 15 930 personnes avec noms, prénoms et e-mails". */
function describeFinding(f: Finding, lang: Lang): string {
  const m = messages(lang);
  if (f.kind === 'known-customers') return m.knownCustomers(formatNumber(f.people, lang), entityList(f.entities, lang));
  if (f.people === 0) return `${m.isolated}${m.colon}${entityList(f.entities, lang)}`;
  const rows = f.rows !== undefined ? `${counted(f.rows, m.rows, lang)}, ` : '';
  const fields = joinList(
    f.fields.map((x) => m.fields[x]),
    lang,
  );
  return `${rows}${counted(f.people, m.people, lang)} ${m.with} ${fields}`;
}

function reportFinding(f: Finding, options: ReportOptions): FindingReport {
  return {
    kind: f.kind,
    where: f.where,
    ...(f.rows !== undefined ? { rows: f.rows } : {}),
    people: f.people,
    columns: f.columns,
    entities: f.entities,
    fields: f.fields,
    severity: f.severity,
    reasons: [describeFinding(f, options.lang)],
    // Masked here, in the core, so that no reporter can print a raw value by mistake.
    samples: f.samples.map((s) => (options.showData ? s.value : maskValue(s.entity, s.value))),
    ...(f.accepted ? { accepted: f.accepted } : {}),
    ...(options.fingerprint ? { fingerprint: options.fingerprint(f) } : {}),
  };
}

/** A message's headers with their addresses masked as values are, unless the user asked for them whole. */
function reportHeaders(h: MessageHeaders, showData: boolean): MessageHeaders {
  const address = (a: string) => (showData ? a : maskValue('email', a));
  return { ...h, ...(h.from !== undefined ? { from: address(h.from) } : {}), to: h.to.map(address) };
}

/**
 * One message as every reporter receives it: values masked, reasons worded, and every string made
 * visible (control and bidi characters escaped, see visible-text.ts): names, `where`, header
 * values and details come from the sender.
 */
export function reportMessage(r: MessageResult, options: ReportOptions): MessageReport {
  return visibleStrings({
    source: r.source,
    ...(r.index !== undefined ? { index: r.index } : {}),
    ...(r.mailbox ? { mailbox: r.mailbox } : {}),
    ...(r.messageId ? { messageId: r.messageId } : {}),
    ...(r.headers ? { headers: reportHeaders(r.headers, options.showData) } : {}),
    verdict: r.verdict,
    rule: r.rule,
    people: r.people,
    ...(r.knownCustomers ? { knownCustomers: r.knownCustomers } : {}),
    ...(r.massMailing ? { massMailing: r.massMailing } : {}),
    findings: r.findings.map((f) => reportFinding(f, options)),
    issues: r.issues,
    parts: r.parts,
  });
}

/** The `tool` object every report starts with. */
export const TOOL: Report['tool'] = { name: 'pii-scan', version: VERSION };

/**
 * The summary and the overall verdict, counted as messages go by: a streamed report keeps these
 * numbers, not the messages, so that a mailbox of any size is reported in flat memory.
 */
export class SummaryTally {
  private readonly counts = { messages: 0, blocked: 0, warned: 0, unscannable: 0, passed: 0, bytes: 0 };
  /** The worst verdict so far: the report's verdict. */
  verdict: Verdict = 'pass';

  add(r: MessageResult): void {
    this.counts.messages++;
    this.counts.bytes += r.bytes;
    if (r.verdict === 'block') this.counts.blocked++;
    else if (r.verdict === 'warn') this.counts.warned++;
    else if (r.verdict === 'unscannable') this.counts.unscannable++;
    else this.counts.passed++;
    this.verdict = worstVerdict([this.verdict, r.verdict]);
  }

  summary(seconds: number): Report['summary'] {
    return { ...this.counts, seconds: Math.round(seconds * 100) / 100 };
  }
}
