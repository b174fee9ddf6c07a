import { issueDetail } from '../../model/issue-details.js';
import type { Entry, ZipFile } from 'yauzl';
import { PartIssueError } from '../../model/issues.js';

/** A local file header's fixed part: whatever its name, an entry's data starts at least this far past its offset. */
const LOCAL_HEADER_BYTES = 30;

/** The central directory's entries: where each one's local data starts, and its compressed size. */
function listSpans(zip: ZipFile): Promise<{ offset: number; size: number }[]> {
  return new Promise((resolve, reject) => {
    const spans: { offset: number; size: number }[] = [];
    zip.on('entry', (entry: Entry) => {
      spans.push({ offset: entry.relativeOffsetOfLocalHeader, size: entry.compressedSize });
      zip.readEntry();
    });
    zip.on('end', () => resolve(spans));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/**
 * Refuses an archive whose central-directory entries share or overlap their local data (the
 * "overlapping entries" zip bomb: a thousand entries pointing at one deflate stream inflate it a
 * thousand times, each entry within every ratio and size limit). An ordinary archive lays its
 * entries one after the other. Reads the central directory of `zip` (opened in lazy-entries mode)
 * to its end; nothing is inflated.
 */
export async function refuseOverlappingEntries(zip: ZipFile): Promise<void> {
  const spans = (await listSpans(zip)).sort((a, b) => a.offset - b.offset);
  let overlapping = 0;
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1];
    if (spans[i].offset < previous.offset + LOCAL_HEADER_BYTES + previous.size) overlapping++;
  }
  if (overlapping > 0) {
    throw new PartIssueError('too-large', issueDetail('overlapping-entries', { overlapping: overlapping + 1, entries: spans.length }));
  }
}
