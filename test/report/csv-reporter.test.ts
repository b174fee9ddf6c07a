import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { CSV_COLUMNS, csvCell } from '../../src/report/csv-reporter.js';
import { renderReport } from '../helpers/report.js';
import { sampleReport } from '../helpers/sample-report.js';

const HEADER = 'source,position,message_id,subject,date,recipients,verdict,rule,kind,where,rows,people,entities,columns,severity,reason,samples';

describe('--format csv', () => {
  it('one row per finding and per issue, under a header, in English with commas (exact document)', () => {
    const report = sampleReport();
    report.messages[0].headers = { subject: '=HYPERLINK("http://x")', from: 'ser***@***.org', to: ['abo***@***.fr'], recipients: 15930, date: '2022-08-08T08:14:00.000Z' };
    expect(renderReport('csv', report, { lang: 'en', color: false }).split('\r\n')).toEqual([
      `\ufeff${HEADER}`,
      // The subject comes from the mail's writer: a formula is written as text, after an apostrophe.
      `outbox/secheresse.eml,,,"'=HYPERLINK(""http://x"")",2022-08-08T08:14:00.000Z,15930,block,people,customer-file,clients.zip!clients.csv,15930,15930,last-name=15930 email=14688,Nom | Email,high,"15,930 rows, 15,930 people with surnames and e-mails",DU*** | jea***@***.fr`,
      'outbox/secheresse.eml,,,"\'=HYPERLINK(""http://x"")",2022-08-08T08:14:00.000Z,15930,block,people,personal-data,body/text,,0,phone=1,,low,loose personal data: 1 phone number,** ** ** ** 34',
      'outbox/reponses.mbox,3,,,,,pass,,personal-data,body/text,,0,phone=1,,low,loose personal data: 1 phone number,** ** ** ** 34',
      'outbox/fiche.eml,,,,,,warn,identifiers,personal-data,rib.pdf,,0,iban=2,,medium,loose personal data: 2 IBANs,FR** **** 189',
      'outbox/paie.eml,,,,,,unscannable,unreadable,issue/encrypted,docs.zip!salaires.xlsx,,,,,,password-protected: password-protected entry,',
      '',
    ]);
  });

  it('in French, with semicolons', () => {
    const lines = renderReport('csv', sampleReport(), { lang: 'fr', color: false }).split('\r\n');
    expect(lines[0]).toBe(`\ufeff${HEADER.replace(/,/g, ';')}`);
    expect(lines[5]).toBe('outbox/paie.eml;;;;;;unscannable;unreadable;issue/encrypted;docs.zip!salaires.xlsx;;;;;;protégé par mot de passe : password-protected entry;');
  });

  it('cells: quoted when they must be, formulas never', () => {
    expect([csvCell('a,b', ','), csvCell('a;b', ','), csvCell('a;b', ';'), csvCell('say "hi"', ','), csvCell('two\nlines', ','), csvCell('+33 6 12', ','), csvCell('-1', ','), csvCell('@SUM(A1)', ','), csvCell(-1, ','), csvCell(undefined, ',')]).toEqual([
      '"a,b"',
      'a;b',
      '"a;b"',
      '"say ""hi"""',
      '"two\nlines"',
      "'+33 6 12",
      "'-1",
      "'@SUM(A1)",
      '-1',
      '',
    ]);
  });

  it('from the CLI: the founding case is one row a spreadsheet reads back, exit 1 as in every format', async () => {
    const r = await run(['--format', 'csv', '--lang', 'fr', 'fixtures/outbox/secheresse-abonnes.eml'], { env: {} });
    expect(r.exitCode).toBe(1);
    const rows = Papa.parse<Record<string, string>>(r.stdout.replace(/^\ufeff/, ''), { header: true, delimiter: ';', skipEmptyLines: true }).data;
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const customerFile = rows.filter((row) => row.kind === 'customer-file');
    expect(customerFile.map((row) => [row.verdict, row.rule, row.where, row.rows, row.people, row.severity, row.subject])).toEqual([
      ['block', 'people', 'clients_secheresse.xlsx#Abonnés', '15930', '15930', 'high', "Restrictions d'eau : arrêté sécheresse du 5 août 2022"],
    ]);
    // Masked as everywhere without --show-data.
    expect(customerFile[0].samples).toMatch(/\*\*\*/);
  });
});
