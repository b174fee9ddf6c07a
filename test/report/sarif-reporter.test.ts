import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../src/model/issues.js';
import { REPORTERS } from '../../src/report/reporters.js';
import { artifactUri } from '../../src/report/sarif-reporter.js';
import { renderReport } from '../helpers/report.js';
import { customerFile, sampleReport } from '../helpers/sample-report.js';

const sarif = (cwd = '/srv/repo', report = sampleReport()) => JSON.parse(renderReport('sarif', report, { lang: 'en', color: false, cwd }));

describe('artifactUri: the scanned file, relative and escaped', () => {
  it.each([
    ['outbox/a.eml', 'outbox/a.eml'],
    ['./outbox/a.eml', 'outbox/a.eml'],
    ['/srv/repo/outbox/a.eml', 'outbox/a.eml'],
    ['outbox/Clients été #1 (copie).eml', 'outbox/Clients%20%C3%A9t%C3%A9%20%231%20(copie).eml'],
    ['outbox/50%.eml', 'outbox/50%25.eml'],
    ['outbox/a:b?.eml', 'outbox/a%3Ab%3F.eml'],
    ['/tmp/x y.eml', 'file:///tmp/x%20y.eml'],
    ['../elsewhere/a.eml', 'file:///srv/elsewhere/a.eml'],
    ['-', null],
  ])('%j -> %j', (source, uri) => {
    expect(artifactUri(source, '/srv/repo')).toBe(uri);
  });
});

describe('--format sarif', () => {
  it('one run; the driver names the tool and has a rule with help for each finding kind and issue code', () => {
    const log = sarif();
    expect([log.version, log.runs.length]).toEqual(['2.1.0', 1]);
    const { driver } = log.runs[0].tool;
    expect([driver.name, driver.version, driver.semanticVersion]).toEqual(['pii-scan', '0.1.0', '0.1.0']);
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(['customer-file', 'person-record', 'personal-data', 'known-customers', ...ISSUE_CODES.map((c) => `issue/${c}`)]);
    for (const rule of driver.rules) expect(rule.help.text.length).toBeGreaterThan(60);
    expect(driver.rules[0]).toMatchObject({ name: 'CustomerFile', shortDescription: { text: 'customer file' }, defaultConfiguration: { level: 'error' } });
    expect(driver.rules[3]).toMatchObject({ id: 'known-customers', name: 'KnownCustomers', shortDescription: { text: 'your customers' }, defaultConfiguration: { level: 'error' } });
    expect(driver.rules[4]).toMatchObject({ id: 'issue/encrypted', name: 'IssueEncrypted', shortDescription: { text: 'password-protected' } });
  });

  it('every finding and every issue is a result: rule, level from severity, masked message, location with its where', () => {
    const results = sarif().runs[0].results;
    expect(results.map((r: { ruleId: string; level: string; ruleIndex: number }) => [r.ruleId, r.level, r.ruleIndex])).toEqual([
      ['customer-file', 'error', 0],
      ['personal-data', 'note', 2],
      ['personal-data', 'note', 2],
      ['personal-data', 'warning', 2],
      ['issue/encrypted', 'error', 4],
    ]);
    const [file, , inMbox, , issue] = results;
    expect(file.message.text).toBe('clients.zip!clients.csv: customer file, 15,930 rows, 15,930 people with surnames and e-mails');
    expect(file.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'outbox/secheresse.eml' }, region: { startLine: 1 } }, logicalLocations: [{ name: 'clients.csv', fullyQualifiedName: 'clients.zip!clients.csv', kind: 'resource' }] },
    ]);
    expect(file.properties).toEqual({ where: 'clients.zip!clients.csv', severity: 'high', people: 15930, rows: 15930, entities: customerFile.entities, columns: customerFile.columns, samples: ['DU***', 'jea***@***.fr'] });
    expect(inMbox.message.text).toBe('message [2], body/text: loose personal data: 1 phone number');
    expect(inMbox.locations[0].message).toEqual({ text: 'message [2]' });
    expect(inMbox.properties.index).toBe(2);
    expect(issue.message.text).toBe('docs.zip!salaires.xlsx: password-protected (encrypted: password-protected entry)');
    expect(issue.locations[0].logicalLocations).toEqual([{ name: 'salaires.xlsx', fullyQualifiedName: 'docs.zip!salaires.xlsx', kind: 'resource' }]);
  });

  it('fingerprints: the baseline one when the run has a salt, else one made of the place only', () => {
    const report = sampleReport();
    report.messages[0].findings[0].fingerprint = 'f'.repeat(64);
    const results = sarif('/srv/repo', report).runs[0].results;
    expect(results[0].partialFingerprints).toEqual({ 'piiScanFinding/v1': 'f'.repeat(64) });
    expect(Object.keys(results[1].partialFingerprints)).toEqual(['piiScanLocation/v1']);
    expect(results[1].partialFingerprints).not.toEqual(results[2].partialFingerprints);
    expect(sarif('/srv/repo').runs[0].results[1].partialFingerprints).toEqual(results[1].partialFingerprints);
  });

  it('an accepted finding is a suppressed result with its reason', () => {
    const report = sampleReport();
    report.messages[0].findings[0].accepted = { reason: 'Avis validé par le DPO', added: '2022-08-08T08:14:32.000Z' };
    expect(sarif('/srv/repo', report).runs[0].results[0].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Avis validé par le DPO' }]);
  });

  it('the run ends with the verdict and the summary', () => {
    expect(sarif().runs[0].properties).toEqual({ verdict: 'block', summary: sampleReport().summary });
  });

  it('is written as it goes: the header first, each message its results, nothing for a message without any', () => {
    const reporter = REPORTERS.sarif({ lang: 'fr', color: false, cwd: '/srv/repo' });
    const report = sampleReport();
    const head = reporter.begin(report.tool);
    expect(head.endsWith('"results": [')).toBe(true);
    expect(reporter.message(report.messages[4])).toBe('');
    const piece = reporter.message(report.messages[0]);
    expect(piece.split('\n').filter(Boolean)).toHaveLength(2);
    expect(JSON.parse(`[${piece}]`)[0].message.text).toBe('clients.zip!clients.csv : fichier client, 15,930 rows, 15,930 people with surnames and e-mails');
    const tail = reporter.end('block', report.summary);
    expect(JSON.parse(head + piece + tail).runs[0].results).toHaveLength(2);
  });
});
