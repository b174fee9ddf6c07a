import { parseMessage } from '../../message/parse-message.js';
import { detailOf } from '../../model/issues.js';
import type { Extractor, ExtractOutput } from '../extractor.js';

/**
 * A mail inside a mail (an attached .eml, a forwarded message/rfc822): its bodies and attachments
 * are parts of the message that carries it, under `fwd.eml!...`.
 */
export const rfc822Extractor: Extractor = {
  id: 'rfc822',
  accepts: (type) => type === 'rfc822',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const inner = await parseMessage(part.content, { prefix: `${part.where}!`, depth: part.depth + 1, limits: ctx.limits });
    if (inner.headers.subject !== undefined) yield { kind: 'subject', subject: inner.headers.subject };
    for (const issue of inner.issues) yield { kind: 'issue', code: issue.code, where: issue.where, detail: detailOf(issue) };
    for (const p of inner.parts) yield { kind: 'part', part: p };
  },
};
