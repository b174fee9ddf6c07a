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

/**
 * A mail whose scan needs far more than a 32 MiB heap: a 6.5 MB CSV of 120,000 rows, 9.1 MB
 * encoded (under Postfix's default 10 MB limit). Scanned in a worker of 32 or 48 MiB, the worker
 * dies mid-scan, every time; 64 MiB is enough.
 */
export function heavyCsvMail(messageId: string): Buffer {
  const rows = Array.from({ length: 120_000 }, (_, i) => `N${i};P${i};${i} rue Lilas;75011;Paris;c${i}@e.net`);
  return mail(mixed(textBody('Export complet.'), attachment('export.csv', Buffer.from(`Nom;Prénom;Adresse;Code postal;Commune;Email\n${rows.join('\n')}\n`, 'utf8'), 'text/csv')), { messageId });
}
