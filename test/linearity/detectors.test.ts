import { describe, expect, it } from 'vitest';
import { cpuGrowth, MAX_GROWTH, repeated, SIZES } from '../helpers/cpu-growth.js';
import { detectionSettings } from '../../src/detect/detection-settings.js';
import { DETECTORS } from '../../src/detect/detectors/index.js';
import { scoreText } from '../../src/score/score-text.js';

/**
 * Text scoring (every detector of a family, overlap resolution, people counting) must cost time
 * linear in the text, however it is laid out: one line of megabytes (a table exported without
 * line ends, a minified JSON, a PDF text layer) or many lines. CPU time at 1, 4 and 16 MiB for
 * each family, and for every family at once; each 4x input may cost at most MAX_GROWTH times more
 * (quadratic would be 16).
 */
const FAMILIES: { name: string; detectors: string[]; values: string[] }[] = [
  { name: 'e-mail', detectors: ['email'], values: ['jeanne.morel@example.com', 'paul.roux83@mail.example.net'] },
  { name: 'phone', detectors: ['phone'], values: ['04 65 71 12 34', '+33 6 39 98 00 11', '06.39.98.12.34'] },
  { name: 'given name and surname', detectors: ['person-name'], values: ['Jeanne Morel', 'MOREL Jeanne', 'Paul Roux'] },
  { name: 'civility and name', detectors: ['person-name'], values: ['Mme Morel', 'Monsieur Jean DUPONT'] },
  { name: 'street address', detectors: ['street-address-fr'], values: ['12 rue des Lilas', '3 bis avenue Foch'] },
  { name: 'postcode and commune', detectors: ['postal-code-fr'], values: ['83400 Hyères', '75008 PARIS'] },
  { name: 'IBAN and RIB', detectors: ['iban', 'rib'], values: ['FR76 3000 6000 0112 3456 7890 189', 'RIB 30006 00001 12345678901 89'] },
  { name: 'payment card', detectors: ['payment-card'], values: ['4970 1012 3456 7893', '5555-5555-5555-4444'] },
  { name: 'NIR', detectors: ['nir'], values: ['1 85 05 78 006 084 91', 'NIR 1850578006084'] },
  { name: 'customer number', detectors: ['customer-id'], values: ['contrat n° 0835154188', "N° d'abonné : ABO-12345678"] },
  { name: 'meter id', detectors: ['meter-id'], values: ['PDL 09123456789012', 'PRM 09 123 456 789 012'] },
  { name: 'company ids', detectors: ['siren', 'siret', 'vat-fr'], values: ['SIRET 732 829 320 00074', 'SIREN 732 829 320', 'FR40303265045'] },
  { name: 'birth date', detectors: ['birth-date'], values: ['née le 12/03/1975', 'date de naissance : 1-2-1980'] },
];

/**
 * How the values are laid out: one line with no `;` nor `|` (searched whole: no window can be cut),
 * or many lines with every separator (windows cut after `;` and `|`).
 */
const LAYOUTS: [name: string, separators: string[]][] = [
  ['one line, spaces and commas', [' ', ', ', ' ', ',']],
  ['many lines, a realistic mix', ['\n', ', ', ' ; ', '\t', ' | ', ' \n', ' ']],
];

/** One period of the layout: each value after each separator, so that every pairing occurs. */
function period(values: string[], separators: string[]): string {
  return separators.flatMap((sep) => values.map((v) => `${v}${sep}`)).join('');
}

/** CPU growth of scoreText over the layouts of `text`, and the number of values it found in the largest. */
async function scoringGrowth(text: string, sizes: readonly number[], detection = detectionSettings()) {
  let found = 0;
  const growth = await cpuGrowth(
    (bytes) => ({ kind: 'text' as const, where: 'body', text: repeated(text, bytes) }),
    (unit) => {
      const result = scoreText(unit, true, new Set(), detection);
      found = Object.values(result?.finding.entities ?? {}).reduce((a, b) => a + b, 0);
    },
    sizes,
  );
  return { growth, found };
}

describe('text scoring grows linearly with the text', () => {
  for (const family of FAMILIES) {
    const off = Object.fromEntries(DETECTORS.filter((d) => !family.detectors.includes(d.id)).map((d) => [d.id, false]));
    for (const [layout, separators] of LAYOUTS) {
      it(`${family.name}: ${layout}`, async () => {
        const text = period(family.values, separators);
        const detection = detectionSettings({ detectors: off });
        const { growth, found } = await scoringGrowth(text, SIZES, detection);
        // The input is what it claims to be: its values are found (a street address may take the next one's number).
        expect(found).toBeGreaterThan((SIZES[2] / text.length) * family.values.length * separators.length * 0.3);
        expect(growth.ratios[0], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
        expect(growth.ratios[1], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
      }, 600_000);
    }
  }

  it('every family at once, every detector, on one line of 1, 4 and 16 MiB', async () => {
    const text = FAMILIES.map((f) => period(f.values, [' ', ', ', ' ; ', ' | '])).join(' ');
    const { growth, found } = await scoringGrowth(text, SIZES);
    expect(found).toBeGreaterThan(SIZES[2] / text.length);
    expect(growth.ratios[0], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
    expect(growth.ratios[1], growth.summary).toBeLessThanOrEqual(MAX_GROWTH);
  }, 600_000);
});
