import { exitCodeFor } from '../model/exit-codes.js';
import { messages } from './i18n.js';
import type { Lang } from './i18n.js';
import type { MessageReport } from './report.js';
import type { RenderOptions, StreamReporter } from './reporters.js';
import { explain, passNote } from './text-reporter.js';

/** Characters XML 1.0 cannot carry at all: control characters and lone surrogates (a file name may hold them). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

/**
 * Text for an XML attribute: markup characters escaped, line breaks kept (a parser would turn a
 * raw one into a space), and what XML cannot carry replaced by U+FFFD rather than making the
 * whole report unreadable.
 */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"'\n\r\t]/g, (c) => ENTITY[c]);
}

/** Text for element content, where quotes and line breaks stay as they are. */
const xmlText = (text: string) => text.replace(NOT_XML, '\uFFFD').replace(/[&<>]/g, (c) => ENTITY[c]);

/**
 * `--format junit`: one test case per message, for CI test reports (GitLab, Jenkins). A case
 * fails exactly when its message alone would fail the run under `--fail-on`: `<failure>` for a
 * block (or a warning under `--fail-on warn`), `<error>` for unscannable content. A message that
 * passes or only warns passes, with what was found in `<system-out>`.
 *
 * The counts belong on `<testsuite>`, before the cases, and are known only at the end: so the
 * cases are kept as strings (a few hundred bytes per message) and the whole document is written
 * by `end`. This is the one format that is not written as the scan goes.
 */
export function junitReporter(options: RenderOptions): StreamReporter {
  const cases: string[] = [];
  const count = { failures: 0, errors: 0 };
  let tool = { name: 'pii-scan', version: '' };
  return {
    begin(t) {
      tool = t;
      return '';
    },
    message(msg) {
      const outcome = exitCodeFor(msg.verdict, options.failOn) === 0 ? 'pass' : msg.verdict === 'unscannable' ? 'error' : 'failure';
      if (outcome === 'failure') count.failures++;
      if (outcome === 'error') count.errors++;
      cases.push(testCase(msg, outcome, options.lang));
      return '';
    },
    end(verdict, summary) {
      const totals = `tests="${cases.length}" failures="${count.failures}" errors="${count.errors}" skipped="0" time="${summary.seconds}"`;
      const properties = [['verdict', verdict], ['version', tool.version]].map(([n, v]) => `      <property name="${n}" value="${xmlEscape(v)}"/>\n`).join('');
      return [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        `<testsuites name="${xmlEscape(tool.name)}" ${totals}>\n`,
        `  <testsuite name="${xmlEscape(tool.name)}" ${totals}>\n`,
        `    <properties>\n${properties}    </properties>\n`,
        ...cases,
        '  </testsuite>\n</testsuites>\n',
      ].join('');
    },
  };
}

function testCase(msg: MessageReport, outcome: 'pass' | 'failure' | 'error', lang: Lang): string {
  const m = messages(lang);
  const name = msg.index !== undefined ? `${msg.source} [${msg.index}]` : msg.source;
  const open = `    <testcase classname="pii-scan" name="${xmlEscape(name)}"`;
  const lines = explain(msg, lang);
  if (outcome !== 'pass') {
    const summary = `${m.verdict[msg.verdict]}${m.colon}${lines[0]}`;
    return `${open}>\n      <${outcome} type="${msg.verdict}" message="${xmlEscape(summary)}">${xmlText(lines.join('\n'))}</${outcome}>\n    </testcase>\n`;
  }
  const note = passNote(msg, lang).trim();
  const out = [...(msg.verdict !== 'pass' || note ? [`${m.verdict[msg.verdict]}${note ? ` ${note}` : ''}`] : []), ...lines];
  if (out.length === 0) return `${open}/>\n`;
  return `${open}>\n      <system-out>${xmlText(out.join('\n'))}</system-out>\n    </testcase>\n`;
}
