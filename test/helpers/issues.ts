import type { ScanIssue } from '../../src/model/issues.js';

/** Issues as the JSON report shows them: code, where and the English detail, without the key and parameters a translation reads. */
export function plainIssues(issues: readonly ScanIssue[]): ScanIssue[] {
  return issues.map(({ code, where, detail }) => ({ code, where, detail }));
}
