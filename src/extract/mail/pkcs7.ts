import { issueDetail } from '../../model/issue-details.js';
import type { EnvelopeStructure } from '../../model/issue-details.js';
import { PartIssueError } from '../../model/issues.js';
import type { Extractor, ExtractOutput } from '../extractor.js';
import { children, CMS, oid, octets, readTlv } from './pkcs7-der.js';
import type { Tlv } from './pkcs7-der.js';

const SEQUENCE = 0x30;
/** [0] EXPLICIT, constructed context tag 0: the content of a ContentInfo, a SignedData's eContent. */
const CONTEXT_0 = 0xa0;

const ENCRYPTED: Record<string, EnvelopeStructure> = {
  [CMS.envelopedData]: 'EnvelopedData',
  [CMS.authEnvelopedData]: 'AuthEnvelopedData',
};

function expect(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new PartIssueError('corrupt', issueDetail('cms-unreadable', { flaw: `no ${what}` }));
  return tlv;
}

/**
 * The encapsulated content of a SignedData (RFC 5652 §5.1-5.2): SEQUENCE { version, digestAlgorithms,
 * encapContentInfo SEQUENCE { eContentType, [0] OCTET STRING }, ... }. Null for a detached
 * signature (multipart/signed's application/pkcs7-signature), which holds no content.
 */
function signedContent(buf: Buffer, content: Tlv): Buffer | null {
  const signedData = expect(children(buf, content)[0], SEQUENCE, 'SignedData');
  const encap = expect(children(buf, signedData)[2], SEQUENCE, 'encapContentInfo');
  const [, eContent] = children(buf, encap);
  if (!eContent) return null;
  const [octetString] = children(buf, expect(eContent, CONTEXT_0, 'eContent'));
  if (!octetString) throw new PartIssueError('corrupt', issueDetail('cms-unreadable', { flaw: 'empty eContent' }));
  return octets(buf, octetString);
}

/**
 * S/MIME's application/pkcs7-mime (.p7m) and any CMS ContentInfo. Signed data: the signed
 * content (a MIME entity) becomes an inner part, `smime.p7m!signed-content`, and is read as any
 * attached message; the signature is not verified (pii-scan looks for data leaving, not for who
 * signed it). Enveloped data is `encrypted`. A detached signature holds no content: scanned, empty.
 */
export const pkcs7Extractor: Extractor = {
  id: 'pkcs7',
  accepts: (type) => type === 'pkcs7',
  async *extract(part): AsyncIterable<ExtractOutput> {
    const buf = part.content;
    const info = expect(readTlv(buf, 0), SEQUENCE, 'ContentInfo');
    const [typeTlv, content] = children(buf, info);
    const type = oid(buf, expect(typeTlv, 0x06, 'content type'));
    if (ENCRYPTED[type]) throw new PartIssueError('encrypted', issueDetail('smime-encrypted', { structure: ENCRYPTED[type] }));
    if (type !== CMS.signedData) throw new PartIssueError('unsupported', issueDetail('cms-type-not-read', { type }));
    const signed = signedContent(buf, expect(content, CONTEXT_0, 'SignedData content'));
    if (!signed) return;
    const where = `${part.where}!signed-content`;
    yield { kind: 'part', part: { where, filename: null, declaredType: null, content: signed, depth: part.depth + 1 } };
  },
};
