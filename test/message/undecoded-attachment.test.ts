import { describe, expect, it } from 'vitest';
import { undecodedAttachment } from '../../src/message/undecoded-attachment.js';

const B64_LINE = 'TmFtZTtQcmVub207QWRyZXNzZQpNT1JFTDtKZWFubmU7MTIgcnVlIGRlcyBMaWxhcwpEVVBPTlQ7UGF1';
const run = (n: number) => Array.from({ length: n }, () => B64_LINE).join('\n') + '\n';
const PART = 'undecoded attachment in the body (a MIME part the message does not declare): the mailbox may have been split inside a message';
const RUN = 'undecoded attachment in the body (a long run of base64 lines): the mailbox may have been split inside a message';

describe('undecodedAttachment', () => {
  it.each([
    ['a boundary, then base64 part headers', 'Voir :\n--sep\nContent-Type: text/csv\nContent-Transfer-Encoding: base64\n\nTm9t\n--sep--\n', PART],
    ['a boundary, then an attachment disposition (CRLF)', '--=_b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\n\r\nJVBERi0x\r\n', PART],
    ['20 lines of base64', `Voici :\n${run(20)}fin\n`, RUN],
    ['19 lines of base64 (a PGP block or a key is shorter still)', `Voici :\n${run(19)}fin\n`, null],
    ['a boundary-like line with prose after it', '--sep\nmerci de votre réponse\nContent-Type: dit le document\n', null],
    ['a boundary with headers but no attachment (inline text)', '--sep\nContent-Type: text/plain\n\nbonjour\n', null],
    ['a signature delimiter', 'Cordialement,\n-- \nJeanne\n', null],
  ])('%s', (_name, text, expected) => {
    expect(undecodedAttachment(text)?.text ?? null).toBe(expected);
  });
});
