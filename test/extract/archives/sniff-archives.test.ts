import { describe, expect, it } from 'vitest';
import { sniffType } from '../../../src/extract/sniff.js';
import { makeRar4, makeRar5 } from '../../../fixtures/generator/rar-writer.js';
import { makeTar } from '../../../fixtures/generator/tar-writer.js';
import { CSV } from './archive-cases.js';

const sniff = (content: Buffer) => sniffType({ content, declaredType: null });
const bytes = (...b: number[]) => Buffer.concat([Buffer.from(b), Buffer.alloc(40, 1)]);

describe('sniffType: archives and compressed files by their magic bytes', () => {
  it.each([
    ['7z signature', bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04), '7z'],
    ['RAR 5', makeRar5([{ name: 'a.csv', data: CSV }]), 'rar'],
    ['RAR 4', makeRar4([{ name: 'a.csv', data: CSV }]), 'rar'],
    ['gzip (deflate)', bytes(0x1f, 0x8b, 0x08, 0x00), 'gzip'],
    ['bzip2, block size 9', Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(30, 1)]), 'bzip2'],
    ['xz', bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04), 'xz'],
    ['ustar', makeTar([{ name: 'a.csv', data: CSV }]), 'tar'],
    ['GNU tar', makeTar([{ name: `${'x'.repeat(120)}.csv`, data: CSV, longName: 'gnu' }]), 'tar'],
  ])('%s', (_name, content, type) => {
    expect(sniff(content)).toBe(type);
  });

  it.each([
    ['"BZh" then no block-size digit (text that starts so)', Buffer.from('BZh is how it starts;a;b\nx;y;z\n')],
    ['gzip magic with a method other than deflate', bytes(0x1f, 0x8b, 0x07, 0x00)],
  ])('not an archive: %s', (_name, content) => {
    expect(['bzip2', 'gzip']).not.toContain(sniff(content));
  });
});
