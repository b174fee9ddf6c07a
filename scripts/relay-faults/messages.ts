/** The mail the fault suite sends: clean messages, each with its own Message-ID. */
import { buildMessage } from '../../fixtures/generator/mime.js';
import type { Outgoing } from './mta.js';

export const SENDER = 'newsletter@example.org';
export const RECIPIENT = 'abonnes@example.net';

/** A clean message; `attachmentKb` adds a catalogue attachment, so that its scan takes a while. */
export function cleanMessage(messageId: string, attachmentKb = 0, to: string[] = [RECIPIENT]): Outgoing {
  const text = { type: 'text/plain' as const, charset: 'utf-8' as const, encoding: '8bit' as const, body: 'Bonjour,\nvoici la lettre de décembre.\nÀ bientôt.\n' };
  const lines: string[] = [];
  for (let i = 0, size = 0; size < attachmentKb * 1024; i++) {
    const line = `Article ${i % 997};Tuyau PVC ${20 + (i % 60)} mm;${(i % 89) + 1},50 EUR;stock ${i % 400}\n`;
    lines.push(line);
    size += line.length;
  }
  const body = attachmentKb > 0 ? { type: 'multipart/mixed' as const, parts: [text, { contentType: 'text/csv; charset=utf-8', filename: 'catalogue.csv', encoding: 'base64' as const, content: Buffer.from(lines.join('')) }] } : text;
  const content = buildMessage({ from: { address: SENDER }, to, subject: 'La lettre de décembre', date: new Date(Date.UTC(2026, 11, 1, 8, 0, 0)), messageId, body });
  return { from: SENDER, to, content };
}

/**
 * A message whose plain-text body is `mb` MB: read in one piece by the scan worker, it exhausts a
 * worker held to a small heap (the out-of-memory case), where a normal worker reads it.
 */
export function hugeTextMessage(messageId: string, mb: number): Outgoing {
  const line = 'Compte rendu de la réunion du comité, point par point, sans nom ni adresse.\r\n';
  const body = line.repeat(Math.ceil((mb * 1e6) / line.length));
  const head = [`From: <${SENDER}>`, `To: <${RECIPIENT}>`, 'Subject: compte rendu', `Message-ID: <${messageId}>`, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
  return { from: SENDER, to: [RECIPIENT], content: Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`) };
}
