/** One entry as `7zz l -slt` lists it. */
export interface SevenZipEntry {
  name: string;
  size: number;
  folder: boolean;
  encrypted: boolean;
  method: string;
}

/**
 * Parses the technical listing (`-slt`): after the `----------` line, one block of `Key = value`
 * lines per entry. Sizes are the declared ones, which the decoder is bound to.
 */
export function parseListing(stdout: string): SevenZipEntry[] {
  const body = stdout.split(/\r?\n----------\r?\n/)[1] ?? '';
  return body
    .split(/\r?\n\r?\n/)
    .map((block) => new Map(block.split(/\r?\n/).map((line) => [line.slice(0, line.indexOf(' = ')), line.slice(line.indexOf(' = ') + 3)])))
    .filter((fields) => fields.has('Path'))
    .map((fields) => ({
      name: fields.get('Path') ?? '',
      size: Number(fields.get('Size') || 0),
      folder: fields.get('Folder') === '+' || /^D/.test(fields.get('Attributes') ?? ''),
      encrypted: fields.get('Encrypted') === '+',
      method: fields.get('Method') ?? '',
    }));
}

const SIGNATURE_HEADER = 32;
const AES_CODER = Buffer.from([0x06, 0xf1, 0x07, 0x01]);

/**
 * True when the archive's own header is encrypted (`7z a -mhe`): its next header is an encoded
 * header whose coders include 7zAES. 7-Zip's WASM build cannot report that case (its exception
 * escapes as a bare number), so it is read from the bytes (7z format: signature header, then the
 * next header at the offset it gives).
 */
export function headerEncrypted(content: Buffer): boolean {
  if (content.length < SIGNATURE_HEADER) return false;
  const offset = SIGNATURE_HEADER + Number(content.readBigUInt64LE(12));
  const size = Number(content.readBigUInt64LE(20));
  if (offset + size > content.length || size > 4096) return false;
  const header = content.subarray(offset, offset + size);
  return header[0] === 0x17 && header.includes(AES_CODER);
}
