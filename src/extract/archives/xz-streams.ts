const HEADER = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const FOOTER_MAGIC = Buffer.from('YZ');

/**
 * Splits concatenated xz streams (xz file format 1.0.4 §2.2: streams may follow each other,
 * separated by null padding), walking back from each stream footer through its index. The decoder
 * stops at the end of its first stream, so each stream is decoded in turn. When the layout cannot
 * be read (a cut-off or damaged file), the whole content is returned as one stream for the decoder
 * to judge.
 */
export function xzStreams(content: Buffer): Buffer[] {
  const streams: Buffer[] = [];
  let end = content.length;
  while (end > 0) {
    while (end >= 4 && content.readUInt32LE(end - 4) === 0) end -= 4; // stream padding
    if (end === 0) break;
    const start = streamStart(content, end);
    if (start === null) return [content];
    streams.unshift(content.subarray(start, end));
    end = start;
  }
  return streams.length > 0 ? streams : [content];
}

/** Where the stream that ends at `end` begins, or null when its footer or index does not add up. */
function streamStart(buf: Buffer, end: number): number | null {
  const footer = end - 12;
  if (footer < 12 || !buf.subarray(end - 2, end).equals(FOOTER_MAGIC)) return null;
  const indexStart = footer - (buf.readUInt32LE(footer + 4) + 1) * 4;
  if (indexStart < 12 || buf[indexStart] !== 0) return null;
  let at = indexStart + 1;
  const read = () => {
    let value = 0;
    for (let shift = 1; at < footer; shift *= 128) {
      const byte = buf[at++];
      value += (byte & 0x7f) * shift;
      if (!(byte & 0x80)) return value;
    }
    return NaN;
  };
  const records = read();
  let blocks = 0;
  for (let i = 0; i < records && Number.isFinite(blocks); i++) {
    blocks += Math.ceil(read() / 4) * 4; // unpadded size, padded to 4
    read(); // uncompressed size
  }
  const start = indexStart - blocks - 12;
  if (!Number.isFinite(start) || start < 0 || !buf.subarray(start, start + 6).equals(HEADER)) return null;
  return start;
}
