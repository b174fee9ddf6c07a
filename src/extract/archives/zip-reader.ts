import { issueDetail } from '../../model/issue-details.js';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { PartIssueError } from '../../model/issues.js';
import { refuseOverlappingEntries } from './zip-overlap.js';

/**
 * Opens a ZIP held in memory. Names are left undecoded (`decodeStrings: false`) because yauzl
 * rejects the whole archive on one hostile name (`../x`); pii-scan never writes entries to disk,
 * so a name matters only for the report. An archive whose entries overlap is refused first
 * (`too-large`, see zip-overlap.ts): its central directory is read once for that, then again.
 */
export async function openZip(content: Buffer): Promise<ZipFile> {
  const listing = await openZipOnce(content);
  try {
    await refuseOverlappingEntries(listing);
  } catch (err) {
    throw err instanceof PartIssueError ? err : zipIssue(err as Error);
  } finally {
    listing.close();
  }
  return openZipOnce(content);
}

function openZipOnce(content: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(content, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(zipIssue(err));
      else resolve(zip);
    });
  });
}

/** Maps yauzl's errors to issue codes: a missing central directory is a cut-off file. */
export function zipIssue(err: Error | null | undefined): PartIssueError {
  const message = err?.message ?? 'unreadable archive';
  if (/end of central directory|truncated|unexpected EOF/i.test(message)) return new PartIssueError('truncated', issueDetail('zip-cut-off'));
  return new PartIssueError('corrupt', issueDetail('unreadable-archive', { cause: message }));
}

/** Entry name as text: UTF-8 when the entry says so (general purpose bit 11), else CP437-ish Latin-1. */
export function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** Reads one entry whole, stopping (as `too-large`) as soon as it passes `maxBytes`. */
export function readEntry(zip: ZipFile, entry: Entry, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(zipIssue(err));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          stream.destroy();
          reject(new PartIssueError('too-large', issueDetail('entry-inflates-past', { limit: maxBytes })));
        } else chunks.push(chunk);
      });
      stream.on('error', (e) => reject(zipIssue(e)));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** Iterates the entries of an open archive (lazyEntries mode). */
export async function* entries(zip: ZipFile): AsyncGenerator<Entry> {
  try {
    while (true) {
      const next = await new Promise<Entry | null>((resolve, reject) => {
        const onEntry = (e: Entry) => done(() => resolve(e));
        const onEnd = () => done(() => resolve(null));
        const onError = (e: Error) => done(() => reject(zipIssue(e)));
        const done = (fn: () => void) => {
          zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
          fn();
        };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!next) return;
      yield next;
    }
  } finally {
    zip.close();
  }
}
