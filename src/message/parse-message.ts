import { issueDetail } from '../model/issue-details.js';
import { MailParser } from 'mailparser';
import type { AddressObject, AttachmentStream, MessageText } from 'mailparser';
import { detach } from '../model/detach.js';
import { scanIssue } from '../model/issues.js';
import type { KeyedIssue } from '../model/issues.js';
import type { Limits } from '../model/limits.js';
import { MAX_SHOWN_RECIPIENTS, type MessageHeaders } from '../model/result.js';
import { normaliseAddress } from '../model/normalise-address.js';
import { isMediaType, textPart } from '../model/part.js';
import { sniffType } from '../extract/sniff.js';
import type { Part, PartPlace } from '../model/part.js';
import type { CachedPart } from '../score/part-cache.js';
import { decodeBody, decodedSize, markerIndex, restoreBodies, splitBase64Bodies } from './base64-bodies.js';
import type { Base64Body, KnownRuns } from './base64-bodies.js';
import { installFastBase64 } from './fast-base64.js';

installFastBase64();

/** A message split into the parts to extract: its bodies and its attachments. */
export interface ParsedMessage {
  messageId?: string;
  /** Subject, first sender and recipients, date: how a person finds the message again. */
  headers: MessageHeaders;
  /** Addresses of the message's own headers (From, To, Cc, Bcc, Reply-To): never findings. */
  headerAddresses: string[];
  /** To, Cc and Bcc (a saved draft keeps its Bcc), normalised: what the mass-mailing check looks for. */
  recipients: string[];
  /** From, Sender and Reply-To, normalised: never recipients (see mass-mailing-check.ts). */
  senders: string[];
  parts: Part[];
  issues: KeyedIssue[];
  /** Parts taken from their encoded bytes with the cache given: their keys, and what the cache knew of them. */
  encoded: Map<Part, EncodedPart>;
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

/** Subject, date and the first distinct recipients, as a report shows them. */
function headersToShow(headers: Map<string, unknown>, recipients: readonly string[]): Omit<MessageHeaders, 'from'> {
  const subject = headers.get('subject');
  const date = headers.get('date');
  const distinct = [...new Set(recipients)];
  return {
    ...(typeof subject === 'string' && subject.trim() ? { subject: detach(subject.trim()) } : {}),
    to: distinct.slice(0, MAX_SHOWN_RECIPIENTS).map(detach),
    recipients: distinct.length,
    ...(date instanceof Date && !Number.isNaN(date.getTime()) ? { date: date.toISOString() } : {}),
  };
}

/**
 * A `message/partial` fragment (RFC 2046 §5.2.2), at the top or inside: only one piece of a
 * message split for transport is here, so the message cannot be read whole. The fragment is still
 * scanned for what it holds.
 */
function partialIssue(data: AttachmentStream, where: string): KeyedIssue {
  const params = (data.headers?.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {};
  const number = /^\d{1,6}$/.test(params.number ?? '') ? params.number : '?';
  const total = /^\d{1,6}$/.test(params.total ?? '') ? params.total : '?';
  return scanIssue('partial', where, issueDetail('partial-fragment', { number, total }));
}

/**
 * How much of an attachment is held before deciding what it is: the type is sniffed from these
 * bytes (sniff.ts reads no further for any type it can give before media), and an image, a sound,
 * a video or a font keeps only them. A mailbox of photos is not held photo by photo.
 */
export const HEAD_BYTES = 64 * 1024;

const isTextless = (head: Buffer) => isMediaType(sniffType({ content: head, declaredType: null }));

const tooLarge = (where: string, size: number, limits: Limits): KeyedIssue => scanIssue('too-large', where, issueDetail('attachment-over-limit', { bytes: size, limit: limits.maxPartBytes }));

/** What parseMessage needs of the part cache (the run's, for a message's own parts). */
export interface EncodedPartCache extends KnownRuns {
  /** Parts smaller than this (decoded) are not looked up. */
  readonly minBytes: number;
  /** The key of a part by its place and the digest of its base64 lines. */
  encodedKeyOf(place: PartPlace, digest: string): string;
  /** What a part with that key scored, when it is known. */
  getEncoded(encodedKey: string): CachedPart | undefined;
}

/** A part taken from its encoded bytes: its key, and what it scored when the cache knew it (its content is then empty). */
export interface EncodedPart {
  key: string;
  replay?: CachedPart;
}

interface ParseOptions {
  prefix: string;
  depth: number;
  limits: Limits;
  /** Looks the message's large base64 attachments up by their encoded bytes, before decoding them. */
  cache?: EncodedPartCache;
}

/**
 * Parses one RFC 822 message. Large base64 attachments are taken out first (base64-bodies.ts)
 * and decoded by Node; mailparser's streaming MailParser reads the rest (simpleParser would
 * buffer every attachment twice). When mailparser does not give each taken body back as one
 * attachment, the whole message is parsed again by mailparser alone. Attachments are collected up
 * to `maxPartBytes` each; a larger one is reported `too-large`. `prefix` is the `where` of the
 * part that carried this message (`fwd.eml!`), empty for a top-level message.
 */
export async function parseMessage(content: Buffer, opts: ParseOptions): Promise<ParsedMessage> {
  const split = splitBase64Bodies(content, opts.cache);
  if (split) {
    const parsed = await readWithMailparser(split.shortened, opts, { message: content, bodies: split.bodies, seen: new Uint8Array(split.bodies.length) });
    if (parsed) return parsed;
  }
  return (await readWithMailparser(content, opts, null)) as ParsedMessage;
}

/** Transfer encodings that leave a part's bytes as they are in the message. */
const IDENTITY_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

/** The bodies taken out of a message, and how often mailparser gave each back. */
interface TakenBodies {
  message: Buffer;
  bodies: Base64Body[];
  seen: Uint8Array;
}

/** A taken body as the part it is: decoded, counted (media), refused (too large) or replayed from the cache. */
function takenPart(taken: TakenBodies, body: Base64Body, place: PartPlace, opts: ParseOptions, result: ParsedMessage): void {
  const size = decodedSize(body);
  if (size > opts.limits.maxPartBytes) {
    result.issues.push(tooLarge(place.where, size, opts.limits));
    return;
  }
  // Looked up first: what the cache keeps was read, never counted as media, so a copy needs no look at its head.
  const encodedKey = opts.cache && body.digest !== undefined && size >= opts.cache.minBytes ? opts.cache.encodedKeyOf(place, body.digest) : null;
  const replay = encodedKey !== null ? opts.cache?.getEncoded(encodedKey) : undefined;
  const head = !replay && size >= HEAD_BYTES ? decodeBody(taken.message, body, HEAD_BYTES) : null;
  if (head && isTextless(head)) {
    result.parts.push({ ...place, content: Buffer.from(head), size });
    return;
  }
  const part: Part = { ...place, content: replay ? Buffer.alloc(0) : decodeBody(taken.message, body) };
  result.parts.push(part);
  if (encodedKey !== null) result.encoded.set(part, replay ? { key: encodedKey, replay } : { key: encodedKey });
}

/**
 * One pass of mailparser over `bytes`. With `taken`, null when a taken body did not come back
 * as exactly one attachment: the caller parses the message whole instead.
 */
function readWithMailparser(bytes: Buffer, opts: ParseOptions, taken: TakenBodies | null): Promise<ParsedMessage | null> {
  const { prefix, depth, limits } = opts;
  const result: ParsedMessage = { headers: { to: [], recipients: 0 }, headerAddresses: [], recipients: [], senders: [], parts: [], issues: [], encoded: new Map() };
  // No MD5 of each attachment (checksumAlgo false): nothing reads it, and it was 1.6 % of a mailbox scan's main thread.
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true, checksumAlgo: false, maxChildNodes: limits.maxMimeParts } as ConstructorParameters<typeof MailParser>[0]);
  let attachmentCount = 0;
  return new Promise((resolve) => {
    // Each marker line stands once in the message: one that mailparser did not give back as an
    // attachment (nor put back in one) went into a text body, a header or nowhere.
    const finish = () => resolve(taken && taken.seen.some((count) => count !== 1) ? null : result);
    parser.on('headers', (headers: Map<string, unknown>) => {
      const id = headers.get('message-id');
      if (typeof id === 'string') result.messageId = detach(id);
      for (const h of ADDRESS_HEADERS) {
        if (!headers.has(h)) continue;
        const addresses = addressesOf(headers.get(h));
        result.headerAddresses.push(...addresses);
        (RECIPIENT_HEADERS.has(h) ? result.recipients : result.senders).push(...addresses);
        if (h === 'from' && addresses.length > 0) result.headers.from = detach(addresses[0]);
      }
      result.headers = { ...result.headers, ...headersToShow(headers, result.recipients) };
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
        const place: PartPlace = { where: prefix + name, filename: data.filename ?? null, declaredType: data.contentType ?? null, depth };
        let content: Buffer = size > limits.maxPartBytes ? Buffer.alloc(0) : Buffer.concat(chunks);
        const index = taken ? markerIndex(content) : -1;
        if (taken && index >= 0 && index < taken.bodies.length) {
          taken.seen[index]!++;
          takenPart(taken, taken.bodies[index]!, place, opts, result);
        } else {
          // A part kept as it stands in the message (a forwarded message) holds the marker lines themselves: they are put back.
          if (taken && !media && size <= limits.maxPartBytes && IDENTITY_ENCODINGS.has(String(data.headers?.get('content-transfer-encoding') ?? '').trim().toLowerCase())) {
            content = restoreBodies(content, taken.message, taken.bodies, taken.seen);
            size = content.length;
          }
          if (size > limits.maxPartBytes) result.issues.push(tooLarge(place.where, size, limits));
          else result.parts.push({ ...place, content, ...(media ? { size } : {}) });
        }
        data.release?.();
      });
    });
    parser.on('error', (err: Error) => {
      const tooMany = /child nodes|too many|header.*(?:size|large)/i.test(err.message);
      result.issues.push(scanIssue(tooMany ? 'too-large' : 'corrupt', prefix || '(message)', issueDetail('mime-unreadable', { cause: err.message })));
      finish();
    });
    parser.on('end', finish);
    parser.end(bytes);
  });
}
