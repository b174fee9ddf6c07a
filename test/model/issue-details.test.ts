import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETAIL_KEYS, issueDetail } from '../../src/model/issue-details.js';
import type { DetailKey, DetailParams } from '../../src/model/issue-details.js';
import { scanIssue } from '../../src/model/issues.js';
import { issueDetailText } from '../../src/report/issue-detail-text.js';

/** Sample parameters for every key: the compiler asks for one for every new key. */
const SAMPLES: { [K in DetailKey]: DetailParams<K> } = {
  'nested-too-deep': { depth: 8 },
  'empty-file': {},
  'media-without-text': { format: 'PNG image' },
  'media-type-not-skipped': { format: 'PNG image', type: 'image' },
  'numbers-not-read': {},
  'sqlite-not-read': {},
  'type-not-read': { type: 'binary' },
  'unreadable-part': { cause: 'parser exploded' },
  'message-over-limit': { bytes: 200000000, limit: 134217728 },
  'undecoded-mime-part': {},
  'undecoded-base64-run': {},
  'not-scanned': { cause: 'scan worker failed: Worker terminated due to reaching memory limit: JS heap out of memory' },
  'scan-timed-out': { seconds: 150 },
  'no-worker-free': { seconds: 30 },
  'partial-fragment': { number: '2', total: '3' },
  'attachment-over-limit': { bytes: 52430000, limit: 52428800 },
  'mime-unreadable': { cause: 'Max allowed child nodes exceeded' },
  'message-without-headers': {},
  'imap-fetch-failed': {},
  'imap-message-gone': {},
  'message-inflated-over-limit': { limit: 268435456 },
  'message-entries-over-limit': { limit: 10000 },
  'message-cells-over-limit': { limit: 5000000 },
  'message-timeout': { seconds: 120 },
  'zip-cut-off': {},
  'archive-cut-off': {},
  'unreadable-archive': { cause: 'invalid comment length' },
  'archive-encrypted': {},
  'archive-names-encrypted': {},
  'entry-encrypted': {},
  'entry-inflates-past': { limit: 52428800 },
  'entry-over-part-limit': { limit: 52428800 },
  'inflates-over-part-limit': { limit: 52428800 },
  'archives-over-message-limit': { limit: 268435456 },
  'bomb-ratio': { ratio: 1032 },
  'zip-bomb-ratio': { ratio: 1024 },
  'ratio-over-limit': { ratio: 200 },
  'overlapping-entries': { overlapping: 15930, entries: 15931 },
  'archive-data-past-entries': {},
  'rar-version-not-read': {},
  'unpacking-out-of-memory': {},
  'seven-zip-method-not-read': {},
  'tar-header-damaged': { offset: 15360 },
  'tar-header-size-damaged': {},
  'tar-cut-off-in-member': {},
  'tar-cut-off-in-header': {},
  'tar-sparse-member': {},
  'gzip-cut-off': {},
  'gzip-damaged': { cause: 'invalid code -- missing end-of-block' },
  'bzip2-cut-off': {},
  'bzip2-checksum': {},
  'bzip2-damaged': { cause: 'bad block header' },
  'xz-cut-off': {},
  'xz-options-not-read': {},
  'xz-dictionary-too-large': {},
  'xz-damaged': { cause: 'corrupt data' },
  'unreadable-rtf-body': { cause: 'bad dictionary reference' },
  'rtf-shorter-than-header': {},
  'rtf-unknown-type': { type: '0x1234' },
  'too-many-attachments': { limit: 1000 },
  'cms-unreadable': { flaw: 'no SignedData' },
  'smime-encrypted': { structure: 'EnvelopedData' },
  'cms-type-not-read': { type: '1.2.840.113549.1.7.5' },
  'tnef-cut-off': {},
  'not-tnef': {},
  'tnef-cut-off-in-header': {},
  'tnef-attribute-past-end': { attribute: '0x6800f' },
  'tnef-unknown-level': { level: 7 },
  'tnef-bad-checksum': { attribute: '0x6800f' },
  'unreadable-outlook-message': { cause: 'no property stream' },
  'unreadable-attachment': { cause: 'no data stream' },
  'pgp-encrypted': {},
  'pgp-encrypted-blocks': { blocks: 3 },
  'document-encrypted': {},
  'document-entry-encrypted': { entry: 'word/document.xml' },
  'document-too-many-entries': { limit: 10000 },
  'document-entry-over-limit': { entry: 'xl/sharedStrings.xml', limit: 52428800 },
  'document-entry-missing': { entry: 'word/document.xml' },
  'document-timeout': {},
  'repeated-cells': { limit: 1000000 },
  'xml-dtd': {},
  'office-encrypted': {},
  'ole-not-read': {},
  'compound-file-damaged': { flaw: 'unknown header layout' },
  'compound-file-cut-off': {},
  'unreadable-workbook': { cause: 'Corrupted zip: missing 42 bytes' },
  'workbook-unclosed': { element: 'shared string' },
  'workbook-encrypted': {},
  'workbook-entry-encrypted': { entry: 'xl/workbook.bin' },
  'workbook-entry-bomb': { entry: 'xl/worksheets/sheet1.bin', ratio: 200 },
  'workbook-over-limit': { bytes: 80000000, limit: 52428800 },
  'workbook-without-sheet': {},
  'workbook-no-bof': {},
  'workbook-timeout': { seconds: 30 },
  'parser-timeout': { document: 'workbook', seconds: 30 },
  'parser-out-of-memory': { document: 'PDF', heapMb: 512 },
  'parser-crashed': { document: 'PDF', cause: 'Maximum call stack size exceeded' },
  'parser-exited': { document: 'workbook', exitCode: 1 },
  'parser-error': { document: 'workbook', cause: 'Corrupted zip' },
  'pdf-encrypted': {},
  'pdf-cut-off': {},
  'pdf-cut-off-pages-missing': {},
  'unreadable-pdf': { cause: 'Invalid PDF structure.' },
  'pdf-timeout': { seconds: 30, page: 12, pages: 40 },
  'pdf-pages-unreadable': { unread: 2, pages: 10, first: 4, cause: 'bad XRef entry' },
  'pdf-stream-over-limit': { limit: 52428800 },
  'pdf-runs-over-cell-limit': { limit: 5000000, where: 'releve.pdf#3' },
  'pdf-without-text': {},
  'unclosed-quote': { row: 15930 },
};

/** Parameters a translation says in its own words; every other one (a name, a cause) is shown as it is. */
const TRANSLATED_PARAMS = new Set(['document', 'element']);

const render = (key: DetailKey) => {
  const detail = (issueDetail as (k: DetailKey, p: object) => ReturnType<typeof issueDetail>)(key, SAMPLES[key]);
  return { en: detail.text, fr: issueDetailText(scanIssue('corrupt', 'x', detail), 'fr'), params: detail.params };
};

describe('issue details in French', () => {
  it.each(DETAIL_KEYS)('%s', (key) => {
    const { en, fr, params } = render(key);
    expect(fr).not.toBe(en);
    expect(fr).not.toMatch(/undefined|NaN|\[object|\$\{/);
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === 'string' && !TRANSLATED_PARAMS.has(name)) expect(fr).toContain(value);
      // Numbers as a French reader writes them: 52 428 800, not 52428800.
      if (typeof value === 'number') expect(fr).toContain(new Intl.NumberFormat('fr-FR').format(value).replace(/[\u202f\u00a0]/g, ' '));
    }
  });

  it('writes byte limits with French digit grouping', () => {
    expect(render('entry-over-part-limit').fr).toBe("une fois décompressé, l'élément dépasse la limite de 52 428 800 octets");
  });

  it('agrees in number, and says in French why a worker stopped', () => {
    const fr = (detail: ReturnType<typeof issueDetail>) => issueDetailText(scanIssue('corrupt', 'a.pdf', detail), 'fr');
    expect(fr(issueDetail('pdf-pages-unreadable', { unread: 1, pages: 3, first: 2, cause: 'bad XRef entry' }))).toBe('1 page sur 3 illisible (à partir de la page 2) : bad XRef entry');
    expect(fr(issueDetail('pdf-pages-unreadable', { unread: 2, pages: 3, first: 2, cause: 'bad XRef entry' }))).toBe('2 pages sur 3 illisibles (à partir de la page 2) : bad XRef entry');
    expect(fr(issueDetail('scan-timed-out', { seconds: 150 }))).toBe("non analysé : l'analyse a dépassé 150 s");
    expect(fr(issueDetail('no-worker-free', { seconds: 30 }))).toBe("non analysé : aucun fil d'analyse libre en 30 s");
  });

  it('gives the English detail in English, for an issue without a key, and for a key this version does not know', () => {
    const issue = scanIssue('encrypted', 'a.zip!b.csv', issueDetail('entry-encrypted'));
    expect(issueDetailText(issue, 'en')).toBe('password-protected entry');
    expect(issueDetailText(issue, 'fr')).toBe('élément protégé par un mot de passe');
    expect(issueDetailText({ code: 'encrypted', where: 'a.zip', detail: 'password-protected entry' }, 'fr')).toBe('password-protected entry');
    expect(issueDetailText({ code: 'corrupt', where: 'a.zip', detail: 'old text', detailKey: 'gone-key' as DetailKey, detailParams: {} }, 'fr')).toBe('old text');
    expect(issueDetailText({ code: 'too-large', where: 'a.zip', detail: 'old text', detailKey: 'entry-over-part-limit' }, 'fr')).toBe('old text');
  });

  it('keeps key and parameters through structured cloning (worker threads, caches)', () => {
    const issue = scanIssue('too-large', 'a.zip!b.csv', issueDetail('entry-over-part-limit', { limit: 1024 }));
    expect(issueDetailText(structuredClone(issue), 'fr')).toBe("une fois décompressé, l'élément dépasse la limite de 1 024 octets");
  });
});

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('no issue detail written as free text', () => {
  // The catalogue writes the English texts; the relay's SMTP and log texts are not issue details.
  const exempt = (file: string) => file === 'src/model/issue-details.ts' || file.startsWith('src/relay/');
  const files = sources('src').map((f) => relative('.', f)).filter((f) => !exempt(f));

  it('builds every PartIssueError and every issue detail from the catalogue', () => {
    const offending = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/new PartIssueError\([^,]*,\s*['"`]|\bdetail:\s*['"`]/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offending).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const pattern = /new PartIssueError\([^,]*,\s*['"`]|\bdetail:\s*['"`]/;
    expect(pattern.test("throw new PartIssueError('corrupt', 'some text');")).toBe(true);
    expect(pattern.test("yield { kind: 'issue', code, where, detail: `entry of ${n} bytes` };")).toBe(true);
    expect(pattern.test("throw new PartIssueError('corrupt', issueDetail('zip-cut-off'));")).toBe(false);
  });
});
