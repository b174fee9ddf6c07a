import { issueDetail } from '../../model/issue-details.js';
import iconv from 'iconv-lite';
import { PartIssueError } from '../../model/issues.js';
import { decodeText } from '../text/decode-text.js';
import { mapiString, PT_OBJECT, readMapiProps } from './mapi-props.js';
import type { MapiValue } from './mapi-props.js';

/**
 * A small TNEF (winmail.dat, [MS-OXTNEF]) reader, in place of node-tnef (2+ GB and seconds on a
 * malformed file, errors reported as `true`; dependencies.md §3.17). A TNEF stream is a signature,
 * a key, then attributes: level (1 byte), id (4, attribute type in the high word), length (4),
 * data, checksum (2, sum of the data bytes). Every length is checked against the buffer.
 */

const SIGNATURE = 0x223e9f78;
const LVL_MESSAGE = 1;
const LVL_ATTACHMENT = 2;
/** Attribute ids by their low word: the high word is the type, which writers do not all agree on. */
const ATT_BODY = 0x800c;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_MAPI_PROPS = 0x9003;
const ATT_ATTACHMENT = 0x9005;
const ATT_OEM_CODEPAGE = 0x9007;
/** MAPI property ids read from attMAPIProps / attAttachment. */
const PR_BODY = 0x1000;
const PR_RTF_COMPRESSED = 0x1009;
const PR_HTML = 0x1013;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_LONG_FILENAME = 0x3707;
/** An attached Outlook item is a TNEF stream again, after the 16-byte IID of its PT_OBJECT value. */
const OBJECT_IID_BYTES = 16;

interface TnefAttachment {
  /** attAttachTitle: often the 8.3 name (`CLIENT~1.CSV`). */
  title: string | null;
  /** PR_ATTACH_LONG_FILENAME from attAttachment, the name Outlook shows. */
  longName: string | null;
  data: Buffer | null;
}

interface TnefContent {
  body: { text: string; html: boolean } | null;
  /** The body exists only as compressed RTF (PR_RTF_COMPRESSED): its bytes, to decompress. */
  rtfOnly: Buffer | null;
  attachments: TnefAttachment[];
  /** More attachments than `maxAttachments`: the rest were not read. */
  overLimit: boolean;
  /** Why reading stopped early (cut off, bad checksum): what came before it is still given. */
  stopped: PartIssueError | null;
}

interface Attribute {
  level: number;
  id: number;
  data: Buffer;
}

/** The attributes, each with its checksum verified. A length past the end is `truncated`. */
function* attributes(buf: Buffer): Generator<Attribute> {
  if (buf.length < 6) throw new PartIssueError('truncated', issueDetail('tnef-cut-off'));
  if (buf.readUInt32LE(0) !== SIGNATURE) throw new PartIssueError('corrupt', issueDetail('not-tnef'));
  for (let at = 6; at < buf.length; ) {
    if (at + 9 > buf.length) throw new PartIssueError('truncated', issueDetail('tnef-cut-off-in-header'));
    const level = buf[at];
    const id = buf.readUInt32LE(at + 1);
    const length = buf.readUInt32LE(at + 5);
    const end = at + 9 + length;
    if (end + 2 > buf.length) throw new PartIssueError('truncated', issueDetail('tnef-attribute-past-end', { attribute: `0x${id.toString(16)}` }));
    if (level !== LVL_MESSAGE && level !== LVL_ATTACHMENT) throw new PartIssueError('corrupt', issueDetail('tnef-unknown-level', { level }));
    const data = buf.subarray(at + 9, end);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum = (sum + data[i]) & 0xffff;
    if (sum !== buf.readUInt16LE(end)) throw new PartIssueError('corrupt', issueDetail('tnef-bad-checksum', { attribute: `0x${id.toString(16)}` }));
    yield { level, id, data };
    at = end + 2;
  }
}

/** What the message-level attributes said, kept while the attachments are read. */
interface MessageState {
  codepage: number;
  attBody: string | null;
  mapi: Map<number, MapiValue>;
}

/**
 * Reads a TNEF stream's body and attachments, at most `maxAttachments` of them. A stream that
 * breaks part way gives what was read whole before the break, and the break in `stopped`: a
 * complete customer file before a cut-off second attachment is still a leak to report.
 */
export function readTnef(buf: Buffer, maxAttachments: number): TnefContent {
  const out: TnefContent = { body: null, rtfOnly: null, attachments: [], overLimit: false, stopped: null };
  const state: MessageState = { codepage: 1252, attBody: null, mapi: new Map() };
  try {
    readAttributes(buf, maxAttachments, out, state);
  } catch (err) {
    if (!(err instanceof PartIssueError)) throw err;
    out.stopped = err;
    // An attachment opened but not given its bytes before the break is lost with the rest.
    out.attachments = out.attachments.filter((a) => a.data !== null);
  }
  const decode8 = decoderFor(state.codepage);
  const text = state.attBody || mapiString(state.mapi.get(PR_BODY), decode8);
  const html = state.mapi.get(PR_HTML);
  if (text) out.body = { text, html: false };
  else if (html && html.bytes.length > 0) out.body = { text: mapiString(html, decode8) ?? decodeText(html.bytes), html: true };
  else {
    const rtf = state.mapi.get(PR_RTF_COMPRESSED)?.bytes;
    out.rtfOnly = rtf && rtf.length > 0 ? rtf : null;
  }
  return out;
}

/** 8-bit strings are in the message's code page (attOemCodepage), Windows-1252 in French Outlook. */
function decoderFor(codepage: number): (bytes: Buffer) => string {
  const name = `cp${codepage}`;
  return iconv.encodingExists(name) ? (bytes) => iconv.decode(bytes, name) : decodeText;
}

/** The MAPI properties read from the message's and each attachment's property blocks. */
const BODY_PROPS = new Set([PR_BODY, PR_HTML, PR_RTF_COMPRESSED]);
const ATTACHMENT_PROPS = new Set([PR_ATTACH_LONG_FILENAME, PR_ATTACH_DATA]);

function readAttributes(buf: Buffer, maxAttachments: number, out: TnefContent, state: MessageState): void {
  let current: TnefAttachment | null = null;
  let decode8 = decoderFor(state.codepage);
  for (const { level, id, data } of attributes(buf)) {
    const kind = id & 0xffff;
    if (level === LVL_MESSAGE) {
      if (kind === ATT_OEM_CODEPAGE && data.length >= 4) {
        state.codepage = data.readUInt32LE(0);
        decode8 = decoderFor(state.codepage);
      } else if (kind === ATT_BODY) state.attBody = decode8(data).replace(/\0+$/, '');
      else if (kind === ATT_MAPI_PROPS) state.mapi = readMapiProps(data, BODY_PROPS);
      continue;
    }
    // attAttachRendData opens an attachment; a writer that skips it still gets one per title or data.
    if (kind === ATT_ATTACH_REND_DATA || !current) {
      if (out.attachments.length >= maxAttachments) {
        out.overLimit = true;
        return;
      }
      current = { title: null, longName: null, data: null };
      out.attachments.push(current);
      if (kind === ATT_ATTACH_REND_DATA) continue;
    }
    if (kind === ATT_ATTACH_TITLE) current.title = decode8(data).replace(/\0+$/, '') || null;
    else if (kind === ATT_ATTACH_DATA) current.data = data;
    else if (kind === ATT_ATTACHMENT) {
      const props = readMapiProps(data, ATTACHMENT_PROPS);
      current.longName = mapiString(props.get(PR_ATTACH_LONG_FILENAME), decode8) || current.longName;
      const object = props.get(PR_ATTACH_DATA);
      if (!current.data && object && object.type === PT_OBJECT && object.bytes.length > OBJECT_IID_BYTES) current.data = object.bytes.subarray(OBJECT_IID_BYTES);
    }
  }
}
