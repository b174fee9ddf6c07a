import type { MessageReport } from './report.js';

/** An issue as the JSON reports write it: the English detail, and its key for a program that sorts issues by it. */
export interface JsonIssue {
  code: MessageReport['issues'][number]['code'];
  where: string;
  detail: string;
  detailCode?: string;
}

/**
 * A message as the JSON and NDJSON reports write it. Its issues keep their English `detail` (the
 * report's contract) and name it by `detailCode`; the parameters a translation reads stay inside
 * pii-scan.
 */
export function jsonMessage(message: MessageReport): Omit<MessageReport, 'issues'> & { issues: JsonIssue[] } {
  return { ...message, issues: message.issues.map(({ code, where, detail, detailKey }) => ({ code, where, detail, ...(detailKey ? { detailCode: detailKey } : {}) })) };
}
