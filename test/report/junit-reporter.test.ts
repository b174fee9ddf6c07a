import { describe, expect, it } from 'vitest';
import type { FailOn } from '../../src/model/exit-codes.js';
import { xmlEscape } from '../../src/report/junit-reporter.js';
import { renderReport } from '../helpers/report.js';
import { sampleReport } from '../helpers/sample-report.js';

const junit = (failOn?: FailOn, report = sampleReport()) => renderReport('junit', report, { lang: 'en', color: false, ...(failOn ? { failOn } : {}) });

const BLOCKED = [
  '      <failure type="block" message="BLOCKED: clients.zip!clients.csv: 15,930 rows, columns Nom, Email -&gt; customer file (15,930 people)">clients.zip!clients.csv: 15,930 rows, columns Nom, Email -&gt; customer file (15,930 people)',
  'What to do: remove this attachment, or send the file through a protected share. If it is meant to go, have the exception approved by your data protection officer.</failure>',
];
const UNREADABLE = [
  '      <error type="unscannable" message="UNREADABLE: docs.zip!salaires.xlsx: password-protected (encrypted: password-protected entry)">docs.zip!salaires.xlsx: password-protected (encrypted: password-protected entry)',
  "What to do: pii-scan cannot check a password-protected file. Put the file, without its password, on the organisation's protected share and send the link instead; never remove the password to send the file by e-mail.</error>",
];

describe('--format junit', () => {
  it('one test case per message: block fails, unscannable errs, warn passes with its explanation (exact document)', () => {
    expect(junit().split('\n')).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="pii-scan" tests="5" failures="1" errors="1" skipped="0" time="0.41">',
      '  <testsuite name="pii-scan" tests="5" failures="1" errors="1" skipped="0" time="0.41">',
      '    <properties>',
      '      <property name="verdict" value="block"/>',
      '      <property name="version" value="0.1.0"/>',
      '    </properties>',
      '    <testcase classname="pii-scan" name="outbox/secheresse.eml">',
      ...BLOCKED,
      '    </testcase>',
      '    <testcase classname="pii-scan" name="outbox/reponses.mbox [2]">',
      '      <system-out>OK (personal data: 1 phone number)</system-out>',
      '    </testcase>',
      '    <testcase classname="pii-scan" name="outbox/fiche.eml">',
      '      <system-out>WARNING',
      'rib.pdf: 2 IBANs -&gt; loose personal data',
      "What to do: identifiers (IBAN, social security or card numbers) do not go by e-mail in clear; pass them through the organisation's protected share.</system-out>",
      '    </testcase>',
      '    <testcase classname="pii-scan" name="outbox/paie.eml">',
      ...UNREADABLE,
      '    </testcase>',
      '    <testcase classname="pii-scan" name="outbox/vide.eml"/>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ]);
  });

  it.each([
    ['block', 'failures="1" errors="1"', ['failure', 'error']],
    ['warn', 'failures="2" errors="1"', ['failure', 'failure', 'error']],
    ['never', 'failures="0" errors="0"', []],
  ] as const)('--fail-on %s: a case fails exactly when its message would fail the run (%s)', (failOn, counts, outcomes) => {
    const out = junit(failOn);
    expect(out).toContain(`<testsuite name="pii-scan" tests="5" ${counts} skipped="0"`);
    expect([...out.matchAll(/<(failure|error) type="(\w+)"/g)].map((m) => m[1])).toEqual(outcomes);
  });

  it('under --fail-on warn, the warning is the failure message', () => {
    expect(junit('warn')).toContain('<failure type="warn" message="WARNING: rib.pdf: 2 IBANs -&gt; loose personal data">');
  });

  it('escapes names and details: markup, quotes, control characters', () => {
    const report = sampleReport();
    report.messages = [{ ...report.messages[3], source: 'out/<R&D> "q"\u0007.eml', issues: [{ code: 'corrupt', where: "a'b.zip!<x>.csv", detail: 'bad & "worse"' }] }];
    const out = junit(undefined, report);
    expect(out).toContain('<testcase classname="pii-scan" name="out/&lt;R&amp;D&gt; &quot;q&quot;\uFFFD.eml">');
    expect(out).toContain('message="UNREADABLE: a&apos;b.zip!&lt;x&gt;.csv: damaged file (corrupt: bad &amp; &quot;worse&quot;)">a\'b.zip!&lt;x&gt;.csv: damaged file (corrupt: bad &amp; "worse")');
  });

  it.each([
    ['plain', 'plain'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    [`"double" 'single'`, '&quot;double&quot; &apos;single&apos;'],
    ['two\nlines\ttab\r', 'two&#10;lines&#9;tab&#13;'],
    ['bell\u0007 nul\u0000 lone\uD800 ok\u{1F600}', 'bell\uFFFD nul\uFFFD lone\uFFFD ok\u{1F600}'],
    ['\uFFFE\uFFFF', '\uFFFD\uFFFD'],
  ])('xmlEscape(%j) = %j', (input, expected) => {
    expect(xmlEscape(input)).toBe(expected);
  });
});
