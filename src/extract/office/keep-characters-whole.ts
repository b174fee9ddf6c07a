import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * exceljs 4.4.0's streaming reader turns every inflated chunk of an XLSX part into text on its own
 * (`lib/utils/parse-sax.js`: `textDecoder.decode(chunk)`, no `stream: true`), so a multi-byte
 * UTF-8 character cut by a chunk boundary becomes U+FFFD: "Moli��re" in the founding case. Known
 * upstream, unfixed in 4.4.0: issues exceljs/exceljs#2084 and #2316; open PRs #1665, #1821, #2213
 * and #2894 patch parse-sax itself; #2084's own workaround calls `entry.setEncoding('utf-8')` in
 * `_parseSharedStrings`.
 *
 * The same idea here, without touching node_modules: parse-sax passes strings through untouched,
 * so each part is handed to it already decoded by a StringDecoder, which keeps an incomplete
 * character until the next chunk. Parts reach the SAX loop two ways in workbook-reader.js, and
 * both are wrapped on one reader instance (nothing global changes):
 * - as the zip entry stream (`_parseRels`, `_parseWorkbook`, `_parseSharedStrings`,
 *   `_parseStyles`): sheet names, shared strings and their rich text, number formats;
 * - as an iterator of chunks (`_parseWorksheet`, `_parseHyperlinks`): inline strings, formula
 *   results, and the worksheets exceljs reads back from a temporary file.
 */

const ENTRY_METHODS = ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles'] as const;
const ITERATOR_METHODS = ['_parseWorksheet', '_parseHyperlinks'] as const;

type EntryMethod = (entry: Readable) => unknown;
type IteratorMethod = (iterator: AsyncIterable<Buffer | string>, sheetNo: string) => unknown;
type ReaderInternals = Record<(typeof ENTRY_METHODS)[number], EntryMethod> & Record<(typeof ITERATOR_METHODS)[number], IteratorMethod>;

/** Told the size of every chunk of a part exceljs inflated; throws to stop the read (budget spent). */
export type ByteCounter = (bytes: number) => void;

/**
 * The entry's bytes through a counter, which nothing makes flow before exceljs reads it. Past the
 * budget the counter fails with the issue, which exceljs's reading loop throws.
 */
function counted(entry: Readable, onBytes: ByteCounter): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        onBytes(chunk.length);
        done(null, chunk);
      } catch (err) {
        done(err as Error);
      }
    },
  });
  entry.on('error', (err) => counter.destroy(err));
  return entry.pipe(counter);
}

/** Decodes a stream of UTF-8 chunks to text, a character cut between two chunks joined again. */
export async function* decodeUtf8Chunks(chunks: AsyncIterable<Buffer | Uint8Array | string>, onBytes: ByteCounter = () => {}): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    onBytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (text) yield text;
  }
  // Bytes left over end a truncated part: U+FFFD, as exceljs's own decoder gives for them.
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Makes one exceljs `stream.xlsx.WorkbookReader` decode every part it reads without splitting
 * characters, and returns it. `onBytes` is told every inflated chunk (the message's budget: exceljs
 * inflates the parts itself); when it throws, the part's stream fails with its error and the read
 * stops. Throws if the reader lacks the methods this relies on (an exceljs upgrade that renamed
 * them must be looked at, not silently read wrong again).
 */
export function keepCharactersWhole<T extends object>(reader: T, onBytes: ByteCounter = () => {}): T {
  const internals = reader as unknown as ReaderInternals;
  for (const name of [...ENTRY_METHODS, ...ITERATOR_METHODS]) {
    if (typeof internals[name] !== 'function') throw new Error(`exceljs WorkbookReader has no ${name}(): see keep-characters-whole.ts`);
  }
  for (const name of ENTRY_METHODS) {
    const original = internals[name].bind(reader);
    // A Node stream with an encoding emits strings from its own StringDecoder, buffered data included.
    internals[name] = (entry) => original(counted(entry, onBytes).setEncoding('utf8'));
  }
  for (const name of ITERATOR_METHODS) {
    const original = internals[name].bind(reader);
    internals[name] = (iterator, sheetNo) => original(decodeUtf8Chunks(iterator, onBytes), sheetNo);
  }
  return reader;
}
