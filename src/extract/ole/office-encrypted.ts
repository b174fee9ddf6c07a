import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { Extractor, ExtractOutput } from '../extractor.js';

/**
 * A password-protected .xlsx, .docx or .pptx: Office encrypts the whole package and wraps it in a
 * compound file (`EncryptionInfo` + `EncryptedPackage`). Nothing can be read without the password,
 * so the part is an `encrypted` issue, like a password-protected ZIP entry.
 */
export const officeEncryptedExtractor: Extractor = {
  id: 'office-encrypted',
  accepts: (type) => type === 'office-encrypted',
  // eslint-disable-next-line require-yield -- the part is an issue as a whole: nothing to yield
  async *extract(): AsyncIterable<ExtractOutput> {
    throw new PartIssueError('encrypted', issueDetail('office-encrypted'));
  },
};
