import type { ExtractOutput } from '../extractor.js';

/** Issues of the Outlook containers (.msg, TNEF), said the same way by both. */

/** A body Outlook kept only as compressed RTF, which pii-scan does not decompress. */
export const rtfOnlyBody = (prefix: string): ExtractOutput => ({
  kind: 'issue',
  code: 'unsupported',
  where: `${prefix}body/rtf`,
  detail: 'message body stored only as compressed RTF is not read',
});

/** More attachments than the archive-entry limit: the rest were not read. */
export const tooManyAttachments = (where: string, max: number): ExtractOutput => ({
  kind: 'issue',
  code: 'too-large',
  where,
  detail: `more than ${max} attachments; the rest were not read`,
});
