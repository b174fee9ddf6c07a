import type { HostileCase } from '../hostile-case.js';
import { ARCHIVE_CASES } from './archives.js';
import { MBOX_CASES } from './mbox.js';
import { MIME_CASES } from './mime.js';
import { OFFICE_CASES } from './office.js';
import { PDF_CASES } from './pdf.js';
import { RANDOM_CASES } from './random.js';
import { TEXT_CASES } from './text.js';

/** The whole hostile corpus, family by family. */
export const HOSTILE_CASES: HostileCase[] = [...ARCHIVE_CASES, ...OFFICE_CASES, ...PDF_CASES, ...MIME_CASES, ...TEXT_CASES, ...MBOX_CASES, ...RANDOM_CASES];

/**
 * Cases whose fix is on another branch, name -> the fix awaited. The runner skips them with that
 * reason in the test's title; a name leaves this set when its branch is merged.
 */
export const AWAITING_FIX: ReadonlyMap<string, string> = new Map<string, string>([
]);
