import { describe, expect, it } from 'vitest';
import { xmlRecords, XmlRecordsError } from '../../../src/extract/text/xml-records.js';
import { DEFAULT_LIMITS } from '../../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../../src/policy/policy.js';
import { scanMessage } from '../../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../../helpers/mail.js';

describe('XML records', () => {
  it('reads each run of repeated elements as a table: attributes, nested children, namespaces dropped', () => {
    const xml = `<?xml version="1.0"?><a:export xmlns:a="urn:x"><a:meta><a:date>2022-08-05</a:date></a:meta><a:clients>
      <a:client id="7"><a:nom>Durand</a:nom><a:adresse><a:cp>83000</a:cp></a:adresse><a:tel>04 94 00 00 01</a:tel><a:tel>06 12 00 00 02</a:tel></a:client>
      <a:client id="8"><a:nom>Martin &amp; fils</a:nom><a:courriel><![CDATA[m@example.fr]]></a:courriel></a:client>
    </a:clients></a:export>`;
    expect(xmlRecords(xml).map((t) => [t.path, t.header, t.rows])).toEqual([
      ['export.clients.client', ['@id', 'nom', 'adresse.cp', 'tel', 'courriel'], [['7', 'Durand', '83000', '04 94 00 00 01 06 12 00 00 02', ''], ['8', 'Martin & fils', '', '', 'm@example.fr']]],
    ]);
  });

  it('says what is not records: not well-formed, or nothing repeated', () => {
    expect(() => xmlRecords('<a><b></a>')).toThrow(XmlRecordsError);
    expect(() => xmlRecords('<config><theme>dark</theme></config>')).toThrow(new XmlRecordsError('an XML document without repeated records'));
  });

  it('reads an XML document that is not records as text: no issue, its values scanned', async () => {
    const r = await scanMessage(
      { source: 'out.eml', kind: 'message', name: 'out.eml', content: mail(mixed(textBody('Ci-joint.'), attachment('contact.xml', Buffer.from('<contact><courriel>jeanne.durand@example.fr</courriel>'), 'application/xml'))) },
      { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY },
    );
    expect(r.issues).toEqual([]);
    expect(r.parts.map((p) => [p.where, p.type])).toContainEqual(['contact.xml', 'xml']);
    expect(r.findings.flatMap((f) => Object.entries(f.entities))).toContainEqual(['email', 1]);
  });
});
