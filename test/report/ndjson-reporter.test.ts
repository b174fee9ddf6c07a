import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { renderReport } from '../helpers/report.js';
import { sampleReport } from '../helpers/sample-report.js';

describe('--format ndjson', () => {
  it('is one message object per line, then the summary, the verdict and the tool', () => {
    const report = sampleReport();
    const lines = renderReport('ndjson', report, { lang: 'en', color: false }).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual(report.messages);
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ summary: report.summary, verdict: 'block', tool: { name: 'pii-scan', version: '0.1.0' } });
  });

  it('writes each message as it comes: nothing before it, exactly one line for it', () => {
    const reporter = REPORTERS.ndjson();
    const [first] = sampleReport().messages;
    expect(reporter.begin({ name: 'pii-scan', version: '0.1.0' })).toBe('');
    expect(reporter.message(first)).toBe(`${JSON.stringify(first)}\n`);
  });

  it('keeps a line break inside a value on its line (JSON escapes it)', () => {
    const report = sampleReport();
    report.messages[0].source = 'outbox/two\nlines.eml';
    const out = renderReport('ndjson', report, { lang: 'en', color: false });
    expect(out.split('\n')).toHaveLength(report.messages.length + 2);
  });

  it('reaches the CLI output message by message: one chunk per message, the summary last', async () => {
    const chunks: string[] = [];
    const result = await run(['--format', 'ndjson', 'fixtures/outbox/'], { env: {}, writeStdout: async (c) => void chunks.push(c) });
    expect(result.exitCode).toBe(1);
    const lines = chunks.filter((c) => c !== '');
    expect(lines.every((c) => c.endsWith('\n') && c.indexOf('\n') === c.length - 1)).toBe(true);
    expect(lines.map((c) => JSON.parse(c).source ?? JSON.parse(c).verdict)).toEqual([
      'fixtures/outbox/annuaire-services.eml',
      'fixtures/outbox/catalogue-produits.eml',
      'fixtures/outbox/courrier-client.eml',
      'fixtures/outbox/grille-tarifaire.eml',
      'fixtures/outbox/reponse-signature.eml',
      'fixtures/outbox/secheresse-abonnes.eml',
      'block',
    ]);
    expect(JSON.parse(lines[6]).summary).toMatchObject({ messages: 6, blocked: 1, warned: 0, unscannable: 0, passed: 5 });
  });
});
