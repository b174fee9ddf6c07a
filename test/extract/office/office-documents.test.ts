import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { extractPart } from '../../../src/extract/extract-part.js';
import type { ExtractLog } from '../../../src/extract/extract-part.js';
import { scoreUnit } from '../../../src/score/score-unit.js';
import { toDocx, toOds, toOdt, toPptx } from '../../../fixtures/generator/office.js';
import { makePeople } from '../../../fixtures/generator/people.js';
import { customerTable } from '../../../fixtures/generator/tables.js';
import type { TableData } from '../../../fixtures/generator/tables.js';
import { collect } from '../../helpers/collect.js';
import { ctxWith, filePart } from '../../helpers/parts.js';
import { makeZip } from '../../helpers/zip-writer.js';
import { plainIssues } from '../../helpers/issues.js';

const customers = customerTable(makePeople(23, 40));
const LETTER = ['Objet : restrictions d\'eau', 'Madame, Monsieur, vous trouverez ci-dessous la liste des abonnés concernés.'];

function sheetJsOds(table: TableData): Buffer {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Liste des abonnés – août 2022'], [], table.header, ...table.rows]), 'Feuille1');
  return XLSX.write(book, { type: 'buffer', bookType: 'ods' }) as Buffer;
}

/** Extracts a part as the scan does and scores every unit; findings in order. */
async function scan(where: string, content: Buffer) {
  const log: ExtractLog = { parts: [], issues: [] };
  const units = await collect(extractPart(filePart(where, content), ctxWith(), log));
  const findings = units.map(({ unit, inAttachment }) => scoreUnit(unit, inAttachment)?.finding).filter((f) => f !== undefined);
  return { findings, parts: log.parts, issues: plainIssues(log.issues) };
}

describe('Office documents, extracted and scored', () => {
  it.each([
    ['clients.docx', () => toDocx(customers, LETTER), 'docx', 'clients.docx#table1'],
    ['clients.odt', () => toOdt(customers, LETTER), 'odt', 'clients.odt#Tableau1'],
    ['clients.pptx', () => toPptx(customers, LETTER), 'pptx', 'clients.pptx#slide1-table1'],
    ['clients.ods', () => toOds(customers, 'Abonnés'), 'ods', 'clients.ods#Abonnés'],
    ['sheetjs.ods', () => sheetJsOds(customers), 'ods', 'sheetjs.ods#Feuille1'],
  ] as const)('a 40-person customer table in %s is a customer-file finding of 40 people', async (where, make, type, tableWhere) => {
    const content = make();
    const { findings, parts, issues } = await scan(where, content);
    expect(parts).toEqual([{ where, type, bytes: content.length, status: 'scanned' }]);
    expect(issues).toEqual([]);
    expect(findings.map((f) => [f.kind, f.where, f.people, f.rows])).toEqual([['customer-file', tableWhere, 40, 40]]);
  });

  it('opens a DOCX stored in a ZIP as a document of its own', async () => {
    const zip = makeZip([{ name: 'clients.docx', data: toDocx(customers, []), method: 'store' }]);
    const { findings, parts } = await scan('export.zip', zip);
    expect(parts.map((p) => [p.where, p.type, p.status])).toEqual([['export.zip', 'zip', 'scanned'], ['export.zip!clients.docx', 'docx', 'scanned']]);
    expect(findings.map((f) => [f.kind, f.where, f.people])).toEqual([['customer-file', 'export.zip!clients.docx#table1', 40]]);
  });

  it('reports a cut-off DOCX as truncated, never as clean', async () => {
    const docx = toDocx(customers, LETTER);
    const half = docx.subarray(0, docx.length >> 1);
    expect(await scan('clients.docx', half)).toEqual({
      findings: [],
      parts: [{ where: 'clients.docx', type: 'docx', bytes: half.length, status: 'issue' }],
      issues: [{ code: 'truncated', where: 'clients.docx', detail: 'the archive is cut off (no central directory)' }],
    });
  });
});
