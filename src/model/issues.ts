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
}

/**
 * Thrown by an extractor when its part cannot be read; the extract stage turns it into a ScanIssue
 * so that one bad attachment never hides the others.
 */
export class PartIssueError extends Error {
  constructor(
    readonly code: IssueCode,
    detail: string,
  ) {
    super(detail);
    this.name = 'PartIssueError';
  }
}
