import { textPart } from '../../model/part.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { rtfBody, tooManyAttachments } from './mail-container.js';
import { readTnef } from './tnef-reader.js';

/**
 * Outlook's winmail.dat (application/ms-tnef): each attachment is a part (`winmail.dat!clients.csv`,
 * under its long file name when the stream has one), the body a text part. Read by an own,
 * bounded reader (tnef-reader.ts); a stream that breaks part way still gives what came before.
 */
export const tnefExtractor: Extractor = {
  id: 'tnef',
  accepts: (type) => type === 'tnef',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    const tnef = readTnef(part.content, limits.maxArchiveEntries);
    const prefix = `${part.where}!`;
    const depth = part.depth + 1;
    if (tnef.body) {
      const { text, html } = tnef.body;
      const where = `${prefix}body/${html ? 'html' : 'text'}`;
      yield { kind: 'part', part: textPart(where, text, html ? 'text/html' : 'text/plain', depth) };
    } else if (tnef.rtfOnly) yield rtfBody(prefix, tnef.rtfOnly, depth, ctx.budget);
    for (const [index, att] of tnef.attachments.entries()) {
      const name = att.longName || att.title || `attachment-${index + 1}`;
      yield { kind: 'part', part: { where: prefix + name, filename: name, declaredType: null, content: att.data ?? Buffer.alloc(0), depth } };
    }
    if (tnef.overLimit) yield tooManyAttachments(part.where, limits.maxArchiveEntries);
    if (tnef.stopped) yield { kind: 'issue', code: tnef.stopped.code, where: part.where, detail: tnef.stopped.detail };
  },
};
