import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { renderReport } from '../helpers/report.js';
import { toMbox } from '../helpers/mbox.js';
import { sampleReport } from '../helpers/sample-report.js';
import { errorLines, SARIF_SCHEMA_PATH, SARIF_SCHEMA_SHA256, sarifValidator, sha256Of } from '../helpers/sarif-schema.js';

// Acceptance of the issue: SARIF output validates against the SARIF 2.1.0 JSON schema.
const validate = sarifValidator();
const dir = mkdtempSync(join(tmpdir(), 'pii-scan-sarif-'));
const mbox = join(dir, 'envois.mbox');
const empty = mkdtempSync(join(tmpdir(), 'pii-scan-sarif-empty-'));
writeFileSync(mbox, toMbox([readFileSync('fixtures/outbox/courrier-client.eml'), readFileSync('fixtures/outbox/secheresse-abonnes.eml')]));

async function sarifOf(argv: string[], stdin?: Readable) {
  const { stdout, stderr, exitCode } = await run(['--format', 'sarif', ...argv], { env: { LANG: 'en_GB.UTF-8' }, stdin });
  expect(stderr.split('\n').filter((l) => l && !l.includes('note:'))).toEqual([]);
  return { log: JSON.parse(stdout), exitCode, stdout };
}

describe('SARIF reports validate against the official 2.1.0 schema', () => {
  it('the vendored schema is the one recorded in test/data/sarif/README.md', () => {
    expect(sha256Of(SARIF_SCHEMA_PATH)).toBe(SARIF_SCHEMA_SHA256);
    expect(readFileSync(new URL('../data/sarif/README.md', import.meta.url), 'utf8')).toContain(SARIF_SCHEMA_SHA256);
  });

  it.each([
    ['blocked: the founding case', ['fixtures/outbox/secheresse-abonnes.eml'], 1, ['customer-file', 'personal-data', 'personal-data']],
    ['clean', ['fixtures/outbox/grille-tarifaire.eml'], 0, []],
    ['unscannable', ['fixtures/bad/truncated.xlsx', 'fixtures/bad/not-mail.png'], 2, ['issue/truncated', 'issue/unsupported']],
    ['a corrupt CSV of customers: findings and an issue', ['fixtures/bad/corrupt.csv'], 1, ['customer-file', 'customer-file', 'issue/corrupt']],
    ['an mbox: results carry the message index', [mbox], 1, ['person-record', 'customer-file', 'personal-data', 'personal-data']],
    ['in French', ['--lang', 'fr', 'fixtures/outbox/reponse-signature.eml'], 0, ['personal-data']],
    ['nothing to scan: an empty folder', [empty], 0, []],
  ])('%s', async (_name, argv, code, rules) => {
    const { log, exitCode } = await sarifOf(argv);
    expect(errorLines(validate(log) ? [] : validate.errors)).toEqual([]);
    expect(exitCode).toBe(code);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(rules);
  });

  it('an mbox message is located by its index', async () => {
    const { log } = await sarifOf([mbox]);
    const file = log.runs[0].results[1];
    expect(file.properties.index).toBe(1);
    expect(file.message.text).toMatch(/^message \[1\], clients_secheresse\.xlsx#Abonnés: customer file, 15,930 rows/);
    expect(file.locations[0].physicalLocation.artifactLocation.uri).toBe(`file://${mbox}`);
  });

  it('standard input has no file: a logical location only', async () => {
    const { log } = await sarifOf(['-'], Readable.from([readFileSync('fixtures/outbox/reponse-signature.eml')]));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ name: 'body/text', fullyQualifiedName: 'body/text', kind: 'resource' }] }]);
  });

  it('samples are masked unless --show-data', async () => {
    const shown = (await sarifOf(['--show-data', 'fixtures/outbox/secheresse-abonnes.eml'])).log;
    const masked = await sarifOf(['fixtures/outbox/secheresse-abonnes.eml']);
    const raw: string[] = shown.runs[0].results.flatMap((r: { properties: { samples: string[] } }) => r.properties.samples);
    expect(raw.length).toBeGreaterThanOrEqual(4);
    expect(raw.filter((v) => masked.stdout.includes(v))).toEqual([]);
    expect(validate(shown)).toBe(true);
  });

  it('a path with spaces and accents is escaped and still valid', () => {
    const report = sampleReport();
    report.messages[0].source = '/srv/repo/outbox/Clients été #1.eml';
    const log = JSON.parse(renderReport('sarif', report, { lang: 'en', color: false, cwd: '/srv/repo' }));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('outbox/Clients%20%C3%A9t%C3%A9%20%231.eml');
  });
});

/** The parts of a SARIF log the breaking cases touch. */
interface Log {
  version: string;
  runs: { tool: { driver: { name?: string } }; results: { level: string; message?: unknown; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

describe('the schema check can fail', () => {
  const valid = (): Log => JSON.parse(renderReport('sarif', sampleReport(), { lang: 'en', color: false, cwd: '/srv/repo' }));

  it.each([
    ['a level SARIF does not know', (log: Log) => (log.runs[0].results[0].level = 'critical'), '/runs/0/results/0/level must be equal to one of the allowed values'],
    ['an unescaped space in a URI', (log: Log) => (log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'outbox/a b.eml'), '/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri must match format "uri-reference"'],
    ['another version', (log: Log) => (log.version = '2.0.0'), '/version must be equal to one of the allowed values'],
    ['a result without a message', (log: Log) => delete log.runs[0].results[0].message, "/runs/0/results/0 must have required property 'message'"],
    ['a tool without a name', (log: Log) => delete log.runs[0].tool.driver.name, "/runs/0/tool/driver must have required property 'name'"],
  ])('rejects %s', (_name, breakIt, error) => {
    const log = valid();
    expect(validate(log)).toBe(true);
    breakIt(log);
    expect(validate(log)).toBe(false);
    expect(errorLines(validate.errors)).toContain(error);
  });
});
