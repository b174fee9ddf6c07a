import { describe, expect, it } from 'vitest';
import { jsonRecords, JsonRecordsError } from '../../../src/extract/text/json-records.js';
import { DEFAULT_LIMITS } from '../../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../../src/policy/policy.js';
import { scanMessage } from '../../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../../helpers/mail.js';

describe('JSON records', () => {
  it('finds every array of objects with its path, keys flattened as the header', () => {
    const doc = { meta: { total: 2 }, data: { contacts: [{ nom: 'Durand', adresse: { cp: '83000' }, tags: ['a', 'b'] }, { nom: 'Martin', email: 'm@example.fr' }], societes: [{ raison_sociale: 'SARL X' }] } };
    expect(jsonRecords(JSON.stringify(doc)).map((t) => [t.path, t.header, t.rows, t.at(1)])).toEqual([
      ['data.contacts', ['nom', 'adresse.cp', 'tags', 'email'], [['Durand', '83000', 'a b', ''], ['Martin', '', '', 'm@example.fr']], 'record 2'],
      ['data.societes', ['raison_sociale'], [['SARL X']], 'record 2'],
    ]);
  });

  it('reads NDJSON by line, and says which line is not JSON', () => {
    const [t] = jsonRecords('{"a":1}\n\n{"b":"x"}\n');
    expect([t.header, t.rows, t.at(1)]).toEqual([['a', 'b'], [['1', ''], ['', 'x']], 'line 3']);
    expect(() => jsonRecords('{"a":1}\n{oops\n')).toThrow(new JsonRecordsError('line 2: not JSON (a JSON array, or one object a line, is expected)'));
    expect(() => jsonRecords('{"settings": {"theme": "dark"}}')).toThrow(JsonRecordsError);
  });

  it('reads a JSON document without records as text: its values are scanned, no issue', async () => {
    const config = Buffer.from(JSON.stringify({ contact: 'jeanne.durand@example.fr', theme: 'dark' }));
    const r = await scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content: mail(mixed(textBody('Ci-joint.'), attachment('settings.json', config, 'application/json'))) }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
    expect(r.issues).toEqual([]);
    expect(r.parts.map((p) => [p.where, p.type])).toContainEqual(['settings.json', 'json']);
    expect(r.findings.flatMap((f) => Object.entries(f.entities))).toContainEqual(['email', 1]);
  });
});
