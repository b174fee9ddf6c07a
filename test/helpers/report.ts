import type { MessageResult } from '../../src/model/result.js';
import { reportMessage, SummaryTally, TOOL } from '../../src/report/build-report.js';
import type { ReportOptions } from '../../src/report/build-report.js';
import type { Report } from '../../src/report/report.js';
import { REPORTERS } from '../../src/report/reporters.js';
import type { Format, RenderOptions } from '../../src/report/reporters.js';

/** A whole report at once, as the streamed one adds up to: for tests that look at it as an object. */
export function buildReport(results: MessageResult[], seconds: number, options: ReportOptions): Report {
  const summary = new SummaryTally();
  for (const r of results) summary.add(r);
  return { tool: TOOL, verdict: summary.verdict, messages: results.map((r) => reportMessage(r, options)), summary: summary.summary(seconds) };
}

/** A whole report rendered at once: the streamed pieces joined. */
export function renderReport(format: Format, report: Report, options: RenderOptions): string {
  const reporter = REPORTERS[format](options);
  return [reporter.begin(report.tool), ...report.messages.map((m) => reporter.message(m)), reporter.end(report.verdict, report.summary)].join('');
}
