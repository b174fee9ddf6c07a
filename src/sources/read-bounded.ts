/** A message read from a stream under a size limit. */
export interface BoundedContent {
  /** The bytes read; empty when the message went over the limit. */
  content: Buffer;
  /** Bytes the stream carried in all, kept or not. */
  bytes: number;
  /** True when the stream carried more than the limit. */
  over: boolean;
}

/**
 * Reads a stream to its end, keeping at most `maxBytes` (a relay's DATA, a file, standard input). Past the limit the bytes are counted and
 * dropped as they arrive (drained, never buffered), so that an SMTP client still gets its reply
 * after the final dot, and so that memory stays bounded by the limit whatever the sender sends.
 * smtp-server's own `size` option only flags the excess after reading it all.
 */
export async function readBounded(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<BoundedContent> {
  let chunks: Buffer[] = [];
  let bytes = 0;
  let over = false;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (over) continue;
    if (bytes > maxBytes) {
      over = true;
      chunks = [];
      continue;
    }
    chunks.push(buf);
  }
  return { content: over ? Buffer.alloc(0) : Buffer.concat(chunks, bytes), bytes, over };
}
