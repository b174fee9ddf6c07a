import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';
import { describe, expect, it } from 'vitest';
import { fastFeedDataStream, originalFeedDataStream } from '../../src/relay/fast-smtp-data.js';
import { createRng } from '../../fixtures/generator/rng.js';

/** What an SMTPStream in data mode makes of `input` written in `chunks`: the message's bytes, and the commands after it. */
async function read(input: Buffer, chunks: number[], feed: typeof originalFeedDataStream): Promise<{ data: string; commands: string[] }> {
  const stream = new SMTPStream();
  stream._feedDataStream = feed;
  const commands: string[] = [];
  stream.oncommand = (command: Buffer, callback?: () => void) => {
    commands.push(command.toString('latin1'));
    callback?.();
  };
  const dataStream = stream.startDataMode();
  const parts: Buffer[] = [];
  dataStream.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise<void>((resolve) => dataStream.on('end', resolve));
  void ended.then(() => stream.continue());
  let at = 0;
  for (const size of chunks) {
    stream.write(input.subarray(at, at + size));
    at += size;
  }
  stream.write(input.subarray(at));
  await ended;
  await new Promise<void>((resolve) => stream.end(resolve));
  return { data: Buffer.concat(parts).toString('latin1'), commands };
}

/** A DATA payload with every case of SMTP transparency: dot-stuffed lines, a lone dot, dots in the middle of lines, then the end and pipelined commands. */
function payload(next: () => number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const kind = Math.floor(next() * 8);
    const filler = 'x'.repeat(Math.floor(next() * 90));
    lines.push(['..', '...', '..stuffed', 'a.b', '.', `${filler}.`, filler, `..${filler}`][kind] as string);
  }
  const body = lines.map((line) => (line === '.' ? '..' : line)).join('\r\n');
  return Buffer.from(`${next() < 0.3 ? '..first line\r\n' : ''}${body}\r\n.\r\nRSET\r\nQUIT\r\n`, 'latin1');
}

describe('fastFeedDataStream: smtp-server DATA reading, each dotted line found by indexOf', () => {
  it('gives the same message and the same commands after it as smtp-server\'s own method, on 200 inputs cut into random chunks', async () => {
    const next = createRng(20221005).next;
    let compared = 0;
    for (let round = 0; round < 200; round++) {
      const input = payload(next);
      const chunks = Array.from({ length: 40 }, () => 1 + Math.floor(next() * (round % 2 ? 7 : 900)));
      const [theirs, ours] = [await read(input, chunks, originalFeedDataStream), await read(input, chunks, fastFeedDataStream)];
      expect(ours).toEqual(theirs);
      expect(theirs.commands).toEqual(['RSET', 'QUIT']);
      compared += theirs.data.length;
    }
    expect(compared).toBeGreaterThan(200 * 5_000);
  });

  it.each([
    ['a message that is only the end', '.\r\nQUIT\r\n', ''],
    ['a first line that is a stuffed dot', '..\r\n.\r\nQUIT\r\n', '.\r\n'],
    ['the end cut after its dot', 'Bonjour\r\n.', 'Bonjour\r\n'],
  ])('%s', async (_name, text, expected) => {
    const input = Buffer.from(text.endsWith('.') ? `${text}\r\nQUIT\r\n` : text, 'latin1');
    for (const chunks of [[], [1], [2, 1, 1], [text.length - 1]]) {
      const ours = await read(input, chunks, fastFeedDataStream);
      expect(ours).toEqual(await read(input, chunks, originalFeedDataStream));
      expect([ours.data, ours.commands]).toEqual([expected, ['QUIT']]);
    }
  });
});
