import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { sniffType } from '../extract/sniff.js';
import type { RawMessage } from '../scan-message.js';
import type { InputRef } from './collect-files.js';
import { describeFsError, InputError } from './input-error.js';
import { splitMbox } from './mbox.js';

async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * The messages of one input, recognised by content: an mbox gives one message per entry (with
 * its index), an RFC 822 message one, anything else one bare file whose type the extract stage
 * sniffs (a CSV, an XLSX... or `unsupported`).
 */
export async function* readInputs(ref: InputRef, stdin: Readable | undefined): AsyncGenerator<RawMessage> {
  const source = ref.kind === 'stdin' ? '-' : ref.path;
  let content: Buffer;
  try {
    if (ref.kind === 'stdin') {
      if (!stdin) throw new InputError('-: no standard input');
      content = await readStream(stdin);
    } else content = await readFile(ref.path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${source}: ${describeFsError(err)}`);
  }
  const name = ref.kind === 'stdin' ? 'stdin' : path.basename(ref.path);
  const type = sniffType({ content, declaredType: null });
  if (type === 'mbox') {
    const messages = splitMbox(content);
    for (let index = 0; index < messages.length; index++) yield { source, index, kind: 'message', name, content: messages[index] };
    return;
  }
  // Standard input is "one message" by contract; a file is a message only when it reads as one.
  const kind = type === 'rfc822' || (ref.kind === 'stdin' && (type === 'text' || type === 'empty')) ? 'message' : 'file';
  yield { source, kind, name, content };
}
