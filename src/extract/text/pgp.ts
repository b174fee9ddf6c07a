import { issueDetail } from '../../model/issue-details.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { decodeText } from './decode-text.js';
import { textToUnits } from './text-tables.js';

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';

/** The text outside the armoured blocks, and how many blocks there were (found by indexOf: linear). */
function outsideArmour(text: string): { rest: string; blocks: number } {
  let rest = '';
  let blocks = 0;
  for (let at = 0; at < text.length; ) {
    const begin = text.indexOf(BEGIN, at);
    if (begin < 0) {
      rest += text.slice(at);
      break;
    }
    rest += `${text.slice(at, begin)}\n`;
    blocks++;
    const end = text.indexOf(END, begin);
    at = end < 0 ? text.length : end + END.length;
  }
  return { rest, blocks };
}

/**
 * Text holding OpenPGP armoured messages: an inline-PGP body, or PGP/MIME's encrypted part
 * (multipart/encrypted; protocol="application/pgp-encrypted"). What is encrypted cannot be read:
 * `encrypted`; the clear text around the blocks is still scanned.
 */
export const pgpExtractor: Extractor = {
  id: 'pgp',
  accepts: (type) => type === 'pgp',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { rest, blocks } = outsideArmour(part.text ?? decodeText(part.content));
    const detail = blocks > 1 ? issueDetail('pgp-encrypted-blocks', { blocks }) : issueDetail('pgp-encrypted');
    yield { kind: 'issue', code: 'encrypted', where: part.where, detail };
    if (rest.trim()) for (const unit of textToUnits(rest, part.where, ctx.limits.maxRowsPerTable)) yield { kind: 'unit', unit };
  },
};
