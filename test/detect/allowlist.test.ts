import { describe, expect, it } from 'vitest';
import { Allowlist, identifierKey } from '../../src/detect/allowlist.js';
import { normaliseAddress } from '../../src/model/normalise-address.js';
import { detectionSettings } from '../../src/detect/detection-settings.js';
import { DETECTORS } from '../../src/detect/detectors/index.js';

describe('identifierKey: one value, however written', () => {
  it.each([
    ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['fr76-3000-6000-0112-3456-7890-189', 'FR7630006000011234567890189'],
    ['732 829 320 00074', '73282932000074'],
    ['732.829.320.00074', '73282932000074'],
    ['04 94 12 34 56', '0494123456'],
    ['+33 4 94 12 34 56', '0494123456'],
    ['+33 (0)4 94 12 34 56', '0494123456'],
    ['0033 494 123 456', '0494123456'],
    ['+32 2 123 45 67', '3221234567'], // another country: not turned national
    ['Réf. ÉTÉ-2022', 'REFETE2022'],
  ])('%j → %s', (value, key) => {
    expect(identifierKey(value)).toBe(key);
  });
});

describe('normaliseAddress, as the allowlist reads cells', () => {
  it.each([
    ['Jeanne Morel <Jeanne.Morel@Example.org>', 'jeanne.morel@example.org'],
    ['mailto:DPO@ville.fr', 'dpo@ville.fr'],
    [' paul@example.com ', 'paul@example.com'],
  ])('%j → %s', (cell, address) => {
    expect(normaliseAddress(cell)).toBe(address);
  });
});

describe('Allowlist', () => {
  const allowlist = new Allowlist({
    values: ['FR76 3000 6000 0112 3456 7890 189', '+33 4 94 12 34 56', 'INT-REF-00042'],
    emails: ['dpo@ville-exemple.fr', '@regie.example.org', 'agglo.example.net'],
    text: ['Régie des eaux de Ville-Exemple\n\nService abonnés, 1 place de la Mairie'],
  });

  it.each([
    ['FR76 3000 6000 0112 3456 7890 189', true],
    ['fr7630006000011234567890189', true],
    ['FR76 3000 6000 0112 3456 7890 198', false], // same last characters, in another order
    ['DE89 3704 0044 0532 0130 00', false],
    ['04.94.12.34.56', true],
    ['+33 (0)4 94 12 34 56', true],
    ['04 94 12 34 57', false],
    ['int-ref-00042', true],
    ['INT-REF-00043', false],
    ['Int Réf 00042', true], // accents aside
    ['IntRef0004É', false],
  ])('hasValue(%j) → %s', (value, expected) => {
    expect(allowlist.hasValue(value)).toBe(expected);
  });

  it('accented and non-Latin values compare through fold(), the tail test included', () => {
    const names = new Allowlist({ values: ['Hervé Lefèvre', 'Zoë Œuvré', 'Ἀθῆναι 12345'], emails: [], text: [] });
    expect(['HERVE LEFEVRE', 'herve.lefevre', 'Herve Lefevres', 'ZOE OEUVRE', 'Zoë Œuvre', 'Ἀθῆναι 12345'].map((v) => names.hasValue(v))).toEqual([true, true, false, true, true, true]);
  });

  it('without values, nothing is allowlisted', () => {
    const none = new Allowlist({ values: [], emails: ['@ville.fr'], text: [] });
    expect([none.hasValues, none.hasValue('FR76 3000 6000 0112 3456 7890 189')]).toEqual([false, false]);
  });

  it.each([
    ['dpo@ville-exemple.fr', true],
    ['DPO <dpo@Ville-Exemple.fr>', true],
    ['jeanne@ville-exemple.fr', false], // one address listed, not its domain
    ['jeanne@regie.example.org', true],
    ['jeanne@eau.regie.example.org', true], // a subdomain
    ['jeanne@notregie.example.org', false],
    ['paul@agglo.example.net', true], // a domain written without @
    ['paul@example.net', false],
  ])('hasAddress(%j) → %s', (address, expected) => {
    expect(allowlist.hasAddress(address)).toBe(expected);
  });

  it.each([
    ['Régie des eaux de Ville-Exemple - SIRET 732 829 320 00074', true],
    ['REGIE DES EAUX DE VILLE EXEMPLE, tél. 04 94 12 34 56', true], // case, accents, punctuation aside
    ['> Service abonnés, 1 place de la Mairie, 83000', true], // every line of an entry is one
    ['Régie des eaux de Ville', false],
    ['Sous-régie des eaux de Ville-Exemple', true], // whole words inside a line
    ['Prérégie des eaux de Ville-Exemple', false],
  ])('coversLine(%j) → %s', (line, expected) => {
    expect(allowlist.coversLine(line)).toBe(expected);
  });
});

describe('detectionSettings', () => {
  it('without configuration: every detector, the plain role test, no allowlist', () => {
    const settings = detectionSettings();
    expect(settings.detectors).toEqual(DETECTORS);
    expect(settings.allowlist).toBeNull();
    expect([settings.ignoresEmail('contact@ville.fr'), settings.ignoresEmail('abonnes@ville.fr')]).toEqual([true, false]);
  });

  it('detectors turned off are neither run nor asked for their entity', () => {
    const settings = detectionSettings({ detectors: { phone: false, 'person-name': false, iban: true } });
    expect(settings.detectors.map((d) => d.id)).toEqual(DETECTORS.map((d) => d.id).filter((id) => id !== 'phone' && id !== 'person-name'));
    expect([settings.detectorFor('phone'), settings.detectorFor('full-name'), settings.detectorFor('iban')?.id]).toEqual([undefined, undefined, 'iban']);
  });

  it.each([
    ['abonnes@ville.fr', true],
    ['Abonnes+newsletter@ville.fr', true], // case and +tag aside
    ['les-abonnes@ville.fr', false], // the whole local part, not a piece of it
    ['agence12@ville.fr', true],
    ['agence@ville.fr', true], // a built-in role word still is one
    ['jeanne.morel@ville.fr', false],
    ['jeanne.morel@regie.fr', true], // an own domain
  ])('role patterns and own addresses: ignoresEmail(%j) → %s', (address, expected) => {
    const settings = detectionSettings({ roleAddresses: ['abonnes', 'agence[0-9]+'], allowlist: { values: [], emails: ['@regie.fr'], text: [] } });
    expect(settings.ignoresEmail(address)).toBe(expected);
  });
});
