import { issueDetail } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';

/**
 * Just enough of DER / BER (X.690) to take what a CMS (PKCS #7, RFC 5652) structure holds: its
 * content type, and a SignedData's encapsulated content. Definite and indefinite lengths both
 * (S/MIME writers stream with indefinite ones), constructed OCTET STRINGs joined. Every length is
 * checked against the buffer and nesting is bounded: nothing here trusts the input.
 */

/** One element: its tag byte, and where its content starts and ends. */
export interface Tlv {
  tag: number;
  start: number;
  end: number;
  /** Where the next element starts (after the end-of-contents octets of an indefinite one). */
  next: number;
}

const MAX_NESTING = 64;
const CONSTRUCTED = 0x20;
const OCTET_STRING = 0x04;

const bad = (what: string) => new PartIssueError('corrupt', issueDetail('cms-unreadable', { flaw: what }));

/** The element at `at`, which must end by `limit`. */
export function readTlv(buf: Buffer, at: number, limit = buf.length, depth = 0): Tlv {
  if (depth > MAX_NESTING) throw bad('nested too deep');
  if (at + 2 > limit) throw bad('cut off');
  const tag = buf[at];
  if ((tag & 0x1f) === 0x1f) throw bad('multi-byte tag');
  let length = buf[at + 1];
  let start = at + 2;
  if (length === 0x80) {
    if (!(tag & CONSTRUCTED)) throw bad('indefinite length on a primitive element');
    // Indefinite: children up to the end-of-contents octets (00 00).
    let child = start;
    for (;;) {
      if (child + 2 > limit) throw bad('cut off');
      if (buf[child] === 0 && buf[child + 1] === 0) break;
      child = readTlv(buf, child, limit, depth + 1).next;
    }
    return { tag, start, end: child, next: child + 2 };
  }
  if (length > 0x80) {
    const bytes = length & 0x7f;
    if (bytes > 4 || start + bytes > limit) throw bad('length out of range');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[start + i];
    start += bytes;
  }
  if (start + length > limit) throw bad('an element runs past the end');
  return { tag, start, end: start + length, next: start + length };
}

/** The children of a constructed element. */
export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; ) {
    const child = readTlv(buf, at, parent.end);
    out.push(child);
    at = child.next;
  }
  return out;
}

/** An OCTET STRING's bytes, primitive or constructed (BER chunks, joined). */
export function octets(buf: Buffer, tlv: Tlv, depth = 0): Buffer {
  if (depth > MAX_NESTING) throw bad('nested too deep');
  if (tlv.tag === OCTET_STRING) return buf.subarray(tlv.start, tlv.end);
  if (tlv.tag !== (OCTET_STRING | CONSTRUCTED)) throw bad(`expected an OCTET STRING, got tag 0x${tlv.tag.toString(16)}`);
  return Buffer.concat(children(buf, tlv).map((c) => octets(buf, c, depth + 1)));
}

/** An OBJECT IDENTIFIER's dotted form. */
export function oid(buf: Buffer, tlv: Tlv): string {
  if (tlv.tag !== 0x06 || tlv.end <= tlv.start) throw bad('expected an object identifier');
  const first = buf[tlv.start];
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let i = tlv.start + 1; i < tlv.end; i++) {
    value = value * 128 + (buf[i] & 0x7f);
    if (!(buf[i] & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** CMS content types (RFC 5652 §4-9, RFC 5083). */
export const CMS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
} as const;

/** The DER of `1.2.840.113549.1.7.` (PKCS #7 types) and `1.2.840.113549.1.9.16.1.` (S/MIME ones). */
const PKCS7_PREFIX = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07]);
const SMIME_PREFIX = Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01]);

/** A CMS ContentInfo: a SEQUENCE whose first element is a PKCS #7 or S/MIME content type. */
export function sniffPkcs7(buf: Buffer): boolean {
  if (buf.length < 16 || buf[0] !== 0x30) return false;
  const lengthBytes = buf[1] === 0x80 ? 0 : buf[1] > 0x80 ? buf[1] & 0x7f : 0;
  if (lengthBytes > 4) return false;
  const at = 2 + lengthBytes;
  return buf.subarray(at, at + PKCS7_PREFIX.length).equals(PKCS7_PREFIX) || buf.subarray(at, at + SMIME_PREFIX.length).equals(SMIME_PREFIX);
}
