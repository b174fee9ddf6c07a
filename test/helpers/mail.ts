import { buildMessage } from '../../fixtures/generator/mime.js';
import type { MessageSpec, MimeNode } from '../../fixtures/generator/mime.js';

/** A message from a fixed sender to a fixed recipient; only the body (and extra fields) vary. */
export function mail(body: MimeNode, extra: Partial<MessageSpec> = {}): Buffer {
  return buildMessage({
    from: { name: 'Service facturation', address: 'facturation@example.org' },
    to: { name: 'Prestataire', address: 'relances@example.net' },
    subject: 'Fichier',
    date: new Date(Date.UTC(2022, 7, 5, 7, 30, 0)),
    messageId: 'test.1@example.org',
    ...extra,
    body,
  });
}

/** A plain-text body part. */
export const textBody = (body: string): MimeNode => ({ type: 'text/plain', charset: 'utf-8', encoding: 'quoted-printable', body });

/** A base64 attachment. */
export const attachment = (filename: string, content: Buffer, contentType = 'application/octet-stream'): MimeNode => ({ contentType, filename, encoding: 'base64', content });

/** A multipart/mixed body of the given parts. */
export const mixed = (...parts: MimeNode[]): MimeNode => ({ type: 'multipart/mixed', parts });
