import { describe, expect, it } from 'vitest';
import { extractPart } from '../../../src/extract/extract-part.js';
import type { ExtractLog } from '../../../src/extract/extract-part.js';
import { scoreUnit } from '../../../src/score/score-unit.js';
import { toCsv } from '../../../fixtures/generator/files.js';
import { toXls } from '../../../fixtures/generator/legacy.js';
import { toMsg, toTnef } from '../../../fixtures/generator/outlook.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';

const customers = customerTable(makePeople(40, 40));

/** Extracts a part all the way down and scores every unit, as scanMessage does. */
async function findings(name: string, content: Buffer) {
  const log: ExtractLog = { parts: [], issues: [] };
  const units = await collect(extractPart(filePart(name, content), ctxWith(), log));
  expect(log.issues).toEqual([]);
  return units.flatMap(({ unit, inAttachment }) => {
    const scored = scoreUnit(unit, inAttachment);
    return scored && scored.finding.kind === 'customer-file' ? [scored.finding] : [];
  });
}

describe('Outlook and Office 97-2003 containers: the customer file is found through them', () => {
  it('a 40-person customer table attached to a .msg as CSV is a customer-file finding of 40 people', async () => {
    const msg = toMsg({ subject: 'Fichier clients', body: 'Bonjour,\r\nci-joint le fichier.\r\n', attachments: [{ name: 'clients.csv', data: toCsv(customers) }] });
    expect((await findings('mail.msg', msg)).map((f) => [f.where, f.people, f.rows])).toEqual([['mail.msg!clients.csv', 40, 40]]);
  });

  it.each([
    ['a .xls in a .msg forwarded inside a .msg', 'mail.msg', () => toMsg({ subject: 'a', embedded: [{ subject: 'fwd', attachments: [{ name: 'clients.xls', data: toXls(customers, 'Clients') }] }] }), 'mail.msg!fwd.msg!clients.xls#Clients'],
    ['a CSV in a winmail.dat', 'winmail.dat', () => toTnef({ attachments: [{ name: 'clients.csv', data: toCsv(customers) }] }), 'winmail.dat!clients.csv'],
  ])('the same table as %s gives the same finding', async (_name, name, make, where) => {
    expect((await findings(name, make())).map((f) => [f.where, f.people])).toEqual([[where, 40]]);
  });
});
