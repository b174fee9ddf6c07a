import type { FailOn } from '../model/exit-codes.js';
import type { Verdict } from '../model/result.js';
import type { Format } from './formats.js';
import type { Lang } from './lang.js';
import { csvReporter } from './csv-reporter.js';
import { htmlReporter } from './html-reporter.js';
import { junitReporter } from './junit-reporter.js';
import { ndjsonReporter } from './ndjson-reporter.js';
import type { MessageReport, Report } from './report.js';
import { sarifReporter } from './sarif-reporter.js';
import { textReporter } from './text-reporter.js';
import { jsonMessage } from './json-message.js';

export interface RenderOptions {
  lang: Lang;
  color: boolean;
  /** `--fail-on` (default block): a JUnit test case fails exactly when its message would fail the run. */
  failOn?: FailOn;
  /** The folder SARIF artifact paths are made relative to (default: the process's). */
  cwd?: string;
  /** `-q`: the text report leaves out the messages that pass; the summary stays. */
  quiet?: boolean;
  /** `--show-data`: the text report prints each finding's values (whole: the report builder left them so). */
  showData?: boolean;
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
  /** A value as JSON.stringify(report, null, 2) writes it at `depth` levels in. */
  const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
  return {
    begin: (tool) => `{\n  "tool": ${nested(tool, 1)},\n  "messages": [`,
    message(message) {
      const out = `${first ? '' : ','}\n    ${nested(jsonMessage(message), 2)}`;
      first = false;
      return out;
    },
    end: (verdict, summary) => `${first ? '' : '\n  '}],\n  "verdict": ${JSON.stringify(verdict)},\n  "summary": ${nested(summary, 1)}\n}\n`,
  };
}

/** Every output format. A new format is one entry here. */
export const REPORTERS = {
  text: (options: RenderOptions) => textReporter(options),
  json: () => jsonReporter(),
  ndjson: () => ndjsonReporter(),
  sarif: (options: RenderOptions) => sarifReporter(options),
  junit: (options: RenderOptions) => junitReporter(options),
  csv: (options: RenderOptions) => csvReporter(options),
  html: (options: RenderOptions) => htmlReporter(options),
} satisfies Record<Format, (options: RenderOptions) => StreamReporter>;

export { FORMATS, type Format } from './formats.js';
