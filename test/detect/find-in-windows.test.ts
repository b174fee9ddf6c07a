import { describe, expect, it } from 'vitest';
import { toCsvText } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import { businessProse } from '../../fixtures/generator/prose.js';
import { createRng } from '../../fixtures/generator/rng.js';
import { customerTable, personnelTable } from '../../fixtures/generator/tables.js';
import { DETECTORS } from '../../src/detect/detectors/index.js';
import { matchesIn } from '../../src/detect/detector.js';
import type { Detector, TextMatch } from '../../src/detect/detector.js';
import { findInWindows, windowsOf } from '../../src/detect/find-in-windows.js';

/** What findInWindows hands on, as an array. */
function inWindows(detector: Detector, text: string, window: number, margin: number): TextMatch[] {
  const out: TextMatch[] = [];
  findInWindows(detector, text, (m) => out.push(m), window, margin);
  return out;
}

const people = makePeople(21, 120);
const rng = createRng(21);
/** Every family of value, with `;` and `|` between some of them, so that windows are cut often. */
const texts = {
  'personnel CSV on one line': toCsvText(personnelTable(people, rng)).replace(/\r\n/g, ' '),
  'customer table, pipes and line ends': toCsvText(customerTable(people), '|'),
  'prose with semicolons': businessProse(rng, people, 60_000, 3).replace(/\. /g, (dot) => (rng.chance(0.3) ? '; ' : dot)),
  'identifiers glued by semicolons': [
    'Contrat n° 0835154188', 'Mme Jeanne Morel', '12 rue des Lilas, 83400 Hyères', 'IBAN FR76 3000 6000 0112 3456 7890 189', 'RIB 30006 00001 12345678901 89',
    'carte 4970 1012 3456 7893', 'NIR 1 85 05 78 006 084 91', 'PDL 09123456789012', 'SIRET 732 829 320 00074', 'née le 12/03/1975', 'jeanne.morel@example.com', '04 65 71 12 34',
  ].join(';').repeat(40),
  // A scan that starts inside such a run (longer than the margin) takes other groups together than one from its start.
  'runs of cards, IBANs, names, phones, addresses between semicolons': [
    '4970 1012 3456 7893 '.repeat(120), 'FR76 3000 6000 0112 3456 7890 189 AB12 '.repeat(60), 'Jeanne Morel Paul '.repeat(120),
    '01 02 03 04 05 06 07 '.repeat(120), '12 rue des Lilas 14 rue des Pins '.repeat(80),
  ].join(';').repeat(3),
};

describe('findInWindows', () => {
  for (const [name, text] of Object.entries(texts)) {
    it(`finds what one search of the whole text finds, cut after every few hundred characters: ${name}`, () => {
      let values = 0;
      for (const detector of DETECTORS) {
        const whole = matchesIn(detector, text);
        for (const window of [97, 400]) expect(inWindows(detector, text, window, 1024), `${detector.id}, windows of ${window}`).toEqual(whole);
        values += whole.length;
      }
      // The texts hold values of most families, so that the comparison means something.
      expect(values).toBeGreaterThan(200);
    });
  }

  it('searches a text without `;` nor `|` whole', () => {
    const text = 'Jeanne Morel 04 65 71 12 34 '.repeat(5000);
    const phone = DETECTORS.find((d) => d.id === 'phone');
    expect(phone && inWindows(phone, text, 1000, 100).length).toBe(5000);
  });

  it('cuts a text once for every detector: just after the first `;` or `|` at least a window on', () => {
    const text = `${'x'.repeat(10)};${'y'.repeat(10)}|${'z'.repeat(10)};${'w'.repeat(5)}`;
    expect(windowsOf(text, 5, 0)).toEqual([[0, 11], [11, 22], [22, 33], [33, 38]]);
    expect(windowsOf('a|b'.repeat(10), 100, 10)).toEqual([[0, 30]]);
  });
});
