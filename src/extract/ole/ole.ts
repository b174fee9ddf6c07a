import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import { readCompoundFile } from './compound-file.js';
import type { Extractor, ExtractOutput } from '../extractor.js';


/**
 * Compound files that are none of the formats read (a Word 97-2003 .doc, a .ppt), and those whose
 * directory could not be read at sniffing. Without this, a .msg or .xls cut off by a size-limited
 * relay would be reported as a format not read yet; reading the directory again says `truncated`
 * or `corrupt` instead, and a readable one stays `unsupported`.
 */
export const oleExtractor: Extractor = {
  id: 'ole',
  accepts: (type) => type === 'ole',
  // eslint-disable-next-line require-yield -- the part is an issue as a whole: nothing to yield
  async *extract(part): AsyncIterable<ExtractOutput> {
    readCompoundFile(part.content);
    throw new PartIssueError('unsupported', issueDetail('ole-not-read'));
  },
};
