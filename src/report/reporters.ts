import type { Verdict } from '../model/result.js';
import type { Lang } from './i18n.js';
import type { MessageReport, Report } from './report.js';
import { textReporter } from './text-reporter.js';

export interface RenderOptions {
  lang: Lang;
  color: boolean;
}

/**
 * A format written as the scan goes: the start, each message as soon as it is decided, then the
 * end with the summary and the overall verdict. Nothing but the summary counts is kept between
 * messages, so that an mbox of any size is reported in flat memory.
 */
export interface StreamReporter {
  begin(tool: Report['tool']): string;
  message(message: MessageReport): string;
  end(verdict: Verdict, summary: Report['summary']): string;
}

/**
 * The JSON report (DESIGN.md §1), written piece by piece. `verdict` and `summary` come after
 * `messages` because they are known only at the end; JSON objects are unordered, so readers get
 * the same document as from JSON.stringify.
 */
function jsonReporter(): StreamReporter {
  let first = true;
  const indent = (json: string, by: string) => by + json.replace(/\n/g, `\n${by}`);
  return {
    begin: (tool) => `{\n  "tool": ${indent(JSON.stringify(tool, null, 2), '').replace(/\n/g, '\n  ')},\n  "messages": [`,
    message(message) {
      const out = `${first ? '' : ','}\n${indent(JSON.stringify(message, null, 2), '    ')}`;
      first = false;
      return out;
    },
    end: (verdict, summary) => `${first ? '' : '\n  '}],\n  "verdict": ${JSON.stringify(verdict)},\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`,
  };
}

/** Every output format. A new format is one entry here. */
export const REPORTERS = {
  text: (options: RenderOptions) => textReporter(options),
  json: () => jsonReporter(),
} satisfies Record<string, (options: RenderOptions) => StreamReporter>;

export type Format = keyof typeof REPORTERS;
export const FORMATS = Object.keys(REPORTERS) as Format[];

/** A whole report rendered at once (tests, small outputs): the streamed pieces joined. */
export function renderReport(format: Format, report: Report, options: RenderOptions): string {
  const reporter = REPORTERS[format](options);
  return [reporter.begin(report.tool), ...report.messages.map((m) => reporter.message(m)), reporter.end(report.verdict, report.summary)].join('');
}
