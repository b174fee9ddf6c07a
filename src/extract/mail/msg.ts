import { issueDetail } from '../../model/issue-details.js';
import type { FieldsData } from '@kenjiuno/msgreader';
import { PartIssueError } from '../../model/issues.js';
import { textPart } from '../../model/part.js';
import type { Part } from '../../model/part.js';
import { openCompoundFile } from '../ole/compound-file-check.js';
import { decodeText } from '../text/decode-text.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { rtfBody, tooManyAttachments } from './mail-container.js';
import { oneLine } from '../one-line.js';

/** The part of msgreader's API used here (its default export reaches ESM as `default.default`). */
interface MsgReaderLike {
  parserConfig?: { ansiEncoding?: string; propertyObserver?: (fields: FieldsData, tag: number, raw: Uint8Array | null) => void };
  getFileData(): FieldsData;
  getAttachment(attach: FieldsData): { fileName: string; content: Uint8Array };
}
type MsgReaderClass = new (data: ArrayBuffer) => MsgReaderLike;

const PR_ATTACH_METHOD = 0x37050003;
/** An attachment that is an OLE object (an Excel sheet pasted into an RTF mail), not a message. */
const ATTACH_OLE = 6;
const attachMethods = new WeakMap<FieldsData, number>();

async function loadMsgReader(): Promise<MsgReaderClass> {
  const mod = (await import('@kenjiuno/msgreader')) as unknown as { default: MsgReaderClass | { default: MsgReaderClass } };
  return 'default' in mod.default ? mod.default.default : mod.default;
}

/** An ArrayBuffer holding exactly the part's bytes: msgreader reads a DataView to the buffer's end. */
function exactArrayBuffer(buf: Buffer): ArrayBuffer {
  if (buf.byteOffset === 0 && buf.buffer.byteLength === buf.length && buf.buffer instanceof ArrayBuffer) return buf.buffer;
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
}

/** The attachment's name as Outlook shows it; embedded messages are named after their subject. */
function attachmentName(att: FieldsData, index: number): string {
  const name = att.fileName || att.fileNameShort || att.name || `attachment-${index + 1}`;
  return att.innerMsgContent && attachMethods.get(att) !== ATTACH_OLE ? `${name}.msg` : name;
}

/** The body as a decoded text part: plain text, else HTML (Outlook stores one body in several forms). */
function bodyPart(data: FieldsData, prefix: string, depth: number): Part | null {
  if (data.body) return textPart(`${prefix}body/text`, data.body, 'text/plain', depth);
  if (data.bodyHtml) return textPart(`${prefix}body/html`, data.bodyHtml, 'text/html', depth);
  if (data.html && data.html.length > 0) return textPart(`${prefix}body/html`, decodeText(Buffer.from(data.html)), 'text/html', depth);
  return null;
}

/**
 * Outlook .msg files through msgreader: the body as a text part (`mail.msg!body/text`), each
 * attachment as a part (`mail.msg!clients.csv`), an attached Outlook item as a .msg part again
 * (`mail.msg!TR Fichier.msg!clients.csv`; extract-part.ts stops it past maxDepth). The compound
 * file is checked whole first: msgreader follows sector chains and directory links unbounded.
 */
export const msgExtractor: Extractor = {
  id: 'msg',
  accepts: (type) => type === 'msg',
  async *extract(part, ctx): AsyncIterable<ExtractOutput> {
    const { limits } = ctx;
    openCompoundFile(part.content);
    const MsgReader = await loadMsgReader();
    const reader = new MsgReader(exactArrayBuffer(part.content));
    reader.parserConfig = {
      // PT_STRING8 bodies of French Outlook are Windows-1252; msgreader's default is Latin-1.
      ansiEncoding: 'win1252',
      propertyObserver: (fields, tag, raw) => {
        if (tag === PR_ATTACH_METHOD && raw && raw.length >= 4) attachMethods.set(fields, Buffer.from(raw).readUInt32LE(0));
      },
    };
    let data: FieldsData;
    try {
      data = reader.getFileData();
    } catch (err) {
      throw new PartIssueError('corrupt', issueDetail('unreadable-outlook-message', { cause: oneLine(err) }));
    }
    if (data.error) throw new PartIssueError('corrupt', issueDetail('unreadable-outlook-message', { cause: data.error }));
    const prefix = `${part.where}!`;
    const body = bodyPart(data, prefix, part.depth + 1);
    if (body) yield { kind: 'part', part: body };
    else if (data.compressedRtf && data.compressedRtf.length > 0) yield rtfBody(prefix, Buffer.from(data.compressedRtf), part.depth + 1, ctx.budget);
    yield* attachmentParts(reader, data.attachments ?? [], part, limits.maxArchiveEntries, limits.maxPartBytes);
  },
};

function* attachmentParts(reader: MsgReaderLike, attachments: FieldsData[], part: Part, maxCount: number, maxBytes: number): Iterable<ExtractOutput> {
  for (const [index, att] of attachments.entries()) {
    if (index >= maxCount) {
      yield tooManyAttachments(part.where, maxCount);
      return;
    }
    const name = attachmentName(att, index);
    const where = `${part.where}!${name}`;
    // An attachment by reference (a link to a file share) carries no bytes: an empty part, listed as skipped.
    let content: Buffer = Buffer.alloc(0);
    if (att.innerMsgContent || att.dataId !== undefined) {
      try {
        const bytes = reader.getAttachment(att).content;
        content = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (err) {
        yield { kind: 'issue', code: 'corrupt', where, detail: issueDetail('unreadable-attachment', { cause: oneLine(err) }) };
        continue;
      }
    }
    if (content.length > maxBytes) {
      yield { kind: 'issue', code: 'too-large', where, detail: issueDetail('attachment-over-limit', { bytes: content.length, limit: maxBytes }) };
      continue;
    }
    yield { kind: 'part', part: { where, filename: name, declaredType: att.attachMimeTag ?? null, content, depth: part.depth + 1 } };
  }
}
