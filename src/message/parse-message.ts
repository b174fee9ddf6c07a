import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, MessageText } from 'mailparser';
import { detach } from '../model/detach.js';
import type { ScanIssue } from '../model/issues.js';
import type { Limits } from '../model/limits.js';
import { normaliseAddress } from '../model/normalise-address.js';
import { isMediaType, textPart } from '../model/part.js';
import { sniffType } from '../extract/sniff.js';
import type { Part } from '../model/part.js';
import { installFastBase64 } from './fast-base64.js';

installFastBase64();

/** A message split into the parts to extract: its bodies and its attachments. */
export interface ParsedMessage {
  messageId?: string;
  /** Addresses of the message's own headers (From, To, Cc, Bcc, Reply-To): never findings. */
  headerAddresses: string[];
  /** To, Cc and Bcc (a saved draft keeps its Bcc), normalised: what the mass-mailing check looks for. */
  recipients: string[];
  /** From, Sender and Reply-To, normalised: never recipients (see mass-mailing-check.ts). */
  senders: string[];
  parts: Part[];
  issues: ScanIssue[];
}

const ADDRESS_HEADERS = ['from', 'to', 'cc', 'bcc', 'reply-to', 'sender'];
const RECIPIENT_HEADERS = new Set(['to', 'cc', 'bcc']);

function addressesOf(value: unknown): string[] {
  const objects = (Array.isArray(value) ? value : [value]) as AddressObject[];
  const out: string[] = [];
  const walk = (list: AddressObject['value']) => {
    for (const a of list) {
      if (a.address) out.push(normaliseAddress(a.address));
      if (a.group) walk(a.group);
    }
  };
  for (const o of objects) if (o && Array.isArray(o.value)) walk(o.value);
  return out;
}

/**
 * A `message/partial` fragment (RFC 2046 §5.2.2), at the top or inside: only one piece of a
 * message split for transport is here, so the message cannot be read whole. The fragment is still
 * scanned for what it holds.
 */
function partialIssue(data: AttachmentStream, where: string): ScanIssue {
  const params = (data.headers?.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {};
  const number = /^\d{1,6}$/.test(params.number ?? '') ? params.number : '?';
  const total = /^\d{1,6}$/.test(params.total ?? '') ? params.total : '?';
  return { code: 'partial', where, detail: `message/partial fragment ${number} of ${total}: the rest of the message is not here to read` };
}

/**
 * How much of an attachment is held before deciding what it is: the type is sniffed from these
 * bytes (sniff.ts reads no further for any type it can give before media), and an image, a sound,
 * a video or a font keeps only them. A mailbox of photos is not held photo by photo.
 */
export const HEAD_BYTES = 64 * 1024;

const isTextless = (head: Buffer) => isMediaType(sniffType({ content: head, declaredType: null }));

/**
 * Parses one RFC 822 message with mailparser's streaming MailParser (simpleParser would buffer
 * every attachment twice). Attachments are collected up to `maxPartBytes` each; a larger one is
 * drained and reported `too-large`. `prefix` is the `where` of the part that carried this message
 * (`fwd.eml!`), empty for a top-level message.
 */
export function parseMessage(content: Buffer, opts: { prefix: string; depth: number; limits: Limits }): Promise<ParsedMessage> {
  const { prefix, depth, limits } = opts;
  const result: ParsedMessage = { headerAddresses: [], recipients: [], senders: [], parts: [], issues: [] };
  // No MD5 of each attachment (checksumAlgo false): nothing reads it, and it was 1.6 % of a mailbox scan's main thread.
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false, maxChildNodes: limits.maxMimeParts } as ConstructorParameters<typeof MailParser>[0]);
  let attachmentCount = 0;
  return new Promise((resolve) => {
    parser.on('headers', (headers: Map<string, unknown>) => {
      const id = headers.get('message-id');
      if (typeof id === 'string') result.messageId = detach(id);
      for (const h of ADDRESS_HEADERS) {
        if (!headers.has(h)) continue;
        const addresses = addressesOf(headers.get(h));
        result.headerAddresses.push(...addresses);
        (RECIPIENT_HEADERS.has(h) ? result.recipients : result.senders).push(...addresses);
      }
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        if (data.text) result.parts.push(textPart(`${prefix}body/text`, data.text, 'text/plain', depth));
        if (data.html) result.parts.push(textPart(`${prefix}body/html`, data.html, 'text/html', depth));
        return;
      }
      attachmentCount++;
      const name = data.filename || `attachment-${attachmentCount}`;
      if (data.contentType?.toLowerCase() === 'message/partial') result.issues.push(partialIssue(data, data.partId ? prefix + name : prefix.replace(/!$/, '') || '(message)'));
      let chunks: Buffer[] = [];
      let size = 0;
      let held = 0;
      /** Null until HEAD_BYTES have come (or the part ended): then whether it is an image, a sound, a video or a font. */
      let media: boolean | null = null;
      data.content.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (media || size > limits.maxPartBytes) return;
        chunks.push(chunk);
        held += chunk.length;
        if (media === null && held >= HEAD_BYTES) {
          const head = Buffer.concat(chunks);
          media = isTextless(head);
          // A copy of the head alone: a slice would keep the whole decoded chunk (often the whole part) alive.
          chunks = [media ? Buffer.from(head.subarray(0, HEAD_BYTES)) : head];
        }
      });
      data.content.on('end', () => {
        if (size > limits.maxPartBytes) {
          result.issues.push({ code: 'too-large', where: prefix + name, detail: `attachment of ${size} bytes is over the ${limits.maxPartBytes}-byte limit` });
        } else {
          const content = Buffer.concat(chunks);
          result.parts.push({ where: prefix + name, filename: data.filename ?? null, declaredType: data.contentType ?? null, content, ...(media ? { size } : {}), depth });
        }
        data.release?.();
      });
    });
    parser.on('error', (err: Error) => {
      const tooMany = /child nodes|too many|header.*(?:size|large)/i.test(err.message);
      result.issues.push({ code: tooMany ? 'too-large' : 'corrupt', where: prefix || '(message)', detail: `MIME structure not readable: ${err.message}` });
      resolve(result);
    });
    parser.on('end', () => resolve(result));
    parser.end(content);
  });
}
