import { describe, expect, it } from 'vitest';
import { extractPart } from '../../src/extract/extract-part.js';
import type { ExtractLog } from '../../src/extract/extract-part.js';
import type { Part } from '../../src/model/part.js';
import { scoreUnit } from '../../src/score/score-unit.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { toPdfTable } from '../../fixtures/generator/pdf.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { collect } from '../helpers/collect.js';
import { ctxWith, filePart } from '../helpers/parts.js';

const FORTY = customerTable(makePeople(40040, 40));

/** Extracts a part and scores every unit, as scanMessage does; returns the findings with where they are. */
async function findings(part: Part) {
  const log: ExtractLog = { parts: [], issues: [] };
  const units = await collect(extractPart(part, ctxWith(), log));
  expect(log.issues).toEqual([]);
  return units.flatMap(({ unit, inAttachment }) => scoreUnit(unit, inAttachment)?.finding ?? []);
}

describe('tables read from PDF and text positions are scored as tables', () => {
  it('counts 40 people in a customer table written column by column into a PDF', async () => {
    const found = await findings(filePart('clients.pdf', await toPdfTable(FORTY, { order: 'columns', rowsPerPage: 25 })));
    const file = found.filter((f) => f.kind === 'customer-file');
    expect(file).toHaveLength(1);
    expect(file[0]).toMatchObject({ where: 'clients.pdf#table1', rows: 40, people: 40 });
    expect(file[0].columns.map((c) => c.header)).toEqual(expect.arrayContaining(['Nom', 'Prénom', 'Adresse', 'Email']));
  });

  it('counts 40 people in the same table pasted with ";" into a mail body', async () => {
    const pasted = [FORTY.header, ...FORTY.rows].map((r) => r.join(';')).join('\n');
    const body = ['Bonjour,', '', 'Voici le fichier des abonnés :', '', pasted, '', 'Cordialement,', 'Service clients', ''].join('\n');
    const part: Part = { where: 'body/text', filename: null, declaredType: 'text/plain', content: Buffer.from(body), text: body, depth: 0 };
    const file = (await findings(part)).filter((f) => f.kind === 'customer-file');
    expect(file).toHaveLength(1);
    expect(file[0]).toMatchObject({ where: 'body/text#table1', rows: 40, people: 40, inAttachment: false });
  });
});
