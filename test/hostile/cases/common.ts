import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../../../fixtures/generator/files.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { mail, textBody } from '../../helpers/mail.js';

/** Writes `bytes` as `dir/name` and returns the path. */
export function put(dir: string, name: string, bytes: Buffer | string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return Promise.resolve(path);
}

/** The synthetic customer file of `n` people as CSV: what every container below must still block. */
export const customersCsv = (n = 40, seed = 7) => toCsv(customerTable(makePeople(seed, n)));

/** A short, clean message (no personal data) to wrap hostile parts in. */
export const NOTE = 'Bonjour,\nci-joint le document.\n';

/** A clean message: the carrier for header- and body-level cases. */
export const cleanMail = () => mail(textBody(NOTE));

/** A deterministic text of `size` bytes that deflates about 1:4, like an export (no bomb ratio). */
export function exportLikeText(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 0x2545f491;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = i % 64 === 63 ? 0x0a : 0x61 + ((x >>> 0) % 20);
  }
  return out;
}

/** Pseudo-random bytes from a seed (xorshift): the same file every run. */
export function randomBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed | 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
