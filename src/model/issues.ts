import type { DetailKey, DetailParamValues, IssueDetail } from './issue-details.js';

/** Issue codes of the public report: why some content could not be read whole. */
export const ISSUE_CODES = ['encrypted', 'corrupt', 'truncated', 'too-large', 'too-deep', 'timeout', 'unsupported', 'no-text', 'partial'] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** A part that could not be scanned whole. Any issue makes its message unscannable unless policy maps it. */
export interface ScanIssue {
  code: IssueCode;
  /** Where the unread content sits, e.g. `clients.zip!clients.xlsx`. */
  where: string;
  /** One line for a person, in English; never contains personal values. */
  detail: string;
  /**
   * The detail's key and parameters (model/issue-details.ts), from which a report says it in its
   * own language. Absent from an issue written before details had keys (a kept quarantine entry):
   * `detail` is then shown as it is.
   */
  detailKey?: DetailKey;
  detailParams?: DetailParamValues;
}

/** An issue found by this version: its detail always has its key. */
export type KeyedIssue = ScanIssue & { detailKey: DetailKey; detailParams: DetailParamValues };

/** The issue `code` at `where`, said by `detail`: the one way an issue is built. */
export function scanIssue(code: IssueCode, where: string, detail: IssueDetail): KeyedIssue {
  return { code, where, detail: detail.text, detailKey: detail.key, detailParams: detail.params };
}

/** The detail an issue was built from, to pass it on (an attached message's issues). */
export function detailOf(issue: KeyedIssue): IssueDetail {
  return { key: issue.detailKey, params: issue.detailParams, text: issue.detail };
}

/**
 * Thrown by an extractor when its part cannot be read; the extract stage turns it into a ScanIssue
 * so that one bad attachment never hides the others. `message` is the detail's English text.
 */
export class PartIssueError extends Error {
  constructor(
    readonly code: IssueCode,
    readonly detail: IssueDetail,
  ) {
    super(detail.text);
    this.name = 'PartIssueError';
  }
}
