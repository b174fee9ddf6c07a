import { describe, expect, it } from 'vitest';
import { issueDetail } from '../../src/model/issue-details.js';
import { scanIssue } from '../../src/model/issues.js';
import type { Report } from '../../src/report/report.js';
import { renderReport } from '../helpers/report.js';
import { sampleReport } from '../helpers/sample-report.js';

/** The sample report, its unreadable message's issue built as the scanner builds it: with its detail's key. */
function keyedReport(): Report {
  const report = sampleReport();
  const unreadable = report.messages.find((m) => m.verdict === 'unscannable');
  if (!unreadable) throw new Error('the sample report has no unreadable message');
  unreadable.issues = [scanIssue('too-large', 'docs.zip!salaires.xlsx', issueDetail('entry-over-part-limit', { limit: 52428800 }))];
  return report;
}

const FRENCH = "une fois décompressé, l'élément dépasse la limite de 52 428 800 octets";
const ENGLISH = 'entry inflates past the 52428800-byte limit';

describe('issue details in every report format', () => {
  it.each(['text', 'html', 'csv', 'junit', 'sarif'] as const)('%s: the detail in French under lang fr, in English under lang en', (format) => {
    const fr = renderReport(format, keyedReport(), { lang: 'fr', color: false });
    // HTML and XML write the apostrophe as an entity.
    expect(fr.replace(/&#39;|&apos;|&#x27;/g, "'")).toContain(FRENCH);
    expect(fr).not.toContain(ENGLISH);
    expect(renderReport(format, keyedReport(), { lang: 'en', color: false })).toContain(ENGLISH);
  });

  it.each(['json', 'ndjson'] as const)('%s: the English detail and its code, whatever the language', (format) => {
    const out = renderReport(format, keyedReport(), { lang: 'fr', color: false });
    const messages = format === 'json' ? (JSON.parse(out) as Report).messages : out.trim().split('\n').slice(0, -1).map((l) => JSON.parse(l) as Report['messages'][number]);
    expect(messages.flatMap((m) => m.issues)).toEqual([{ code: 'too-large', where: 'docs.zip!salaires.xlsx', detail: ENGLISH, detailCode: 'entry-over-part-limit' }]);
  });
});
