import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanIssue } from '../model/issues.js';
import { HOMEPAGE } from '../version.js';
import { messages } from './i18n.js';
import type { Lang } from './i18n.js';
import type { FindingReport, MessageReport } from './report.js';
import type { RenderOptions, StreamReporter } from './reporters.js';
import { issueRuleId, sarifRules } from './sarif-rules.js';
import { issueDetailText } from './issue-detail-text.js';

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const LEVEL = { high: 'error', medium: 'warning', low: 'note' } as const;

/**
 * The scanned file as a SARIF artifact URI: relative to `cwd` and percent-escaped segment by
 * segment, as code scanning expects paths from the repository root; a `file:` URL when the file
 * is outside `cwd`; null for standard input, which has no file.
 */
export function artifactUri(source: string, cwd: string): string | null {
  if (source === '-') return null;
  const path = resolve(cwd, source);
  const rel = relative(cwd, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return pathToFileURL(path).href;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

/** A value as JSON.stringify(_, null, 2) writes it `depth` levels in. */
const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

/**
 * `--format sarif`: SARIF 2.1.0 for code scanning, one run. The rules are static (one per finding
 * kind and per issue code), so the run's header is written first and each message's results as
 * soon as it is decided, like the JSON report. Every finding and every issue is a result located
 * in the scanned file, with its `where` inside it as a logical location.
 */
export function sarifReporter(options: RenderOptions): StreamReporter {
  const rules = sarifRules(options.lang);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const cwd = options.cwd ?? process.cwd();
  let first = true;
  return {
    begin(tool) {
      const driver = { name: tool.name, version: tool.version, semanticVersion: tool.version, ...(HOMEPAGE ? { informationUri: HOMEPAGE } : {}), rules };
      return `{\n  "$schema": "${SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "tool": ${nested({ driver }, 3)},\n      "results": [`;
    },
    message(msg) {
      const results = [
        ...msg.findings.map((f) => findingResult(msg, f, options.lang, cwd)),
        ...msg.issues.map((issue) => issueResult(msg, issue, options.lang, cwd)),
      ].map((r) => ({ ...r, ruleIndex: ruleIndex.get(r.ruleId) }));
      let out = '';
      for (const r of results) {
        out += `${first ? '' : ','}\n        ${JSON.stringify(r)}`;
        first = false;
      }
      return out;
    },
    end: (verdict, summary) => `${first ? '' : '\n      '}],\n      "properties": ${nested({ verdict, summary }, 3)}\n    }\n  ]\n}\n`,
  };
}

function findingResult(msg: MessageReport, f: FindingReport, lang: Lang, cwd: string) {
  const m = messages(lang);
  return {
    ruleId: f.kind,
    level: LEVEL[f.severity],
    // Loose data's reason already says what it is ("loose personal data: 1 phone number").
    message: { text: `${prefix(msg)}${f.where}${m.colon}${f.people > 0 ? `${m.kind[f.kind]}, ` : ''}${f.reasons[0]}` },
    locations: [location(msg, f.where, cwd)],
    partialFingerprints: f.fingerprint ? { 'piiScanFinding/v1': f.fingerprint } : locationFingerprint(msg, f.where, f.kind, cwd),
    ...(f.accepted ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.accepted.reason }] } : {}),
    properties: {
      ...(msg.index !== undefined ? { index: msg.index } : {}),
      where: f.where,
      severity: f.severity,
      people: f.people,
      ...(f.rows !== undefined ? { rows: f.rows } : {}),
      entities: f.entities,
      columns: f.columns,
      samples: f.samples,
    },
  };
}

function issueResult(msg: MessageReport, issue: ScanIssue, lang: Lang, cwd: string) {
  const m = messages(lang);
  const ruleId = issueRuleId(issue.code);
  return {
    ruleId,
    level: 'error' as const,
    message: { text: `${prefix(msg)}${issue.where}${m.colon}${m.issue[issue.code]} (${issue.code}: ${issueDetailText(issue, lang)})` },
    locations: [location(msg, issue.where, cwd)],
    partialFingerprints: locationFingerprint(msg, issue.where, ruleId, cwd),
    properties: { ...(msg.index !== undefined ? { index: msg.index } : {}), where: issue.where },
  };
}

/** "message [3], " before the `where` of a message in an mbox, so that code scanning shows which. */
const prefix = (msg: MessageReport) => (msg.index !== undefined ? `message [${msg.index}], ` : '');

function location(msg: MessageReport, where: string, cwd: string) {
  const uri = artifactUri(msg.source, cwd);
  const name = where.split('!').pop() ?? where;
  return {
    // Code scanning shows only results with a line (SARIF SDK rule GH1003); a finding inside an
    // attachment has none in the .eml, so it points at the file's first line.
    ...(uri !== null ? { physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } } : {}),
    logicalLocations: [{ name, fullyQualifiedName: where, kind: 'resource' }],
    ...(msg.index !== undefined ? { message: { text: `message [${msg.index}]` } } : {}),
  };
}

/**
 * Without a baseline there is no salt to hash a finding's data with, so results are told apart
 * by place only: file, mbox index, `where` and rule, all of which the result shows anyway.
 */
function locationFingerprint(msg: MessageReport, where: string, ruleId: string, cwd: string) {
  const key = [artifactUri(msg.source, cwd) ?? '-', msg.index ?? '', where, ruleId].join('\0');
  return { 'piiScanLocation/v1': createHash('sha256').update(key).digest('hex') };
}
