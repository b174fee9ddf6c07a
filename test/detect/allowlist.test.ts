import { describe, expect, it } from 'vitest';
import { Allowlist, bareAddress, identifierKey } from '../../src/detect/allowlist.js';
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

describe('bareAddress', () => {
  it.each([
    ['Jeanne Morel <Jeanne.Morel@Example.org>', 'jeanne.morel@example.org'],
    ['mailto:DPO@ville.fr', 'dpo@ville.fr'],
    [' paul@example.com ', 'paul@example.com'],
  ])('%j → %s', (cell, address) => {
    expect(bareAddress(cell)).toBe(address);
  });
});

describe('Allowlist', () => {
  const allowlist = new Allowlist({
    values: ['FR76 3000 6000 0112 3456 7890 189', '+33 4 94 12 34 56', 'INT-REF-00042'],
    emails: ['dpo@ville-exemple.fr', '@regie.example.org', 'agglo.example.net'],
    text: ['Régie des eaux de Ville-Exemple\n\nService abonnés, 1 place de la Mairie'],
  });

  it('files each value under the entities that recognise it, and an unknown one under all but e-mail', () => {
    expect([...(allowlist.keysFor('iban') ?? [])]).toEqual(['FR7630006000011234567890189', 'INTREF00042']);
    expect([...(allowlist.keysFor('phone') ?? [])]).toEqual(['0494123456', 'INTREF00042']);
    expect(allowlist.keysFor('email')).toBeUndefined();
    const entities = new Set(DETECTORS.map((d) => d.entity).filter((e) => e !== 'email'));
    for (const entity of entities) expect(allowlist.keysFor(entity)?.has('INTREF00042')).toBe(true);
  });

  it.each([
    ['iban', 'FR76 3000 6000 0112 3456 7890 189', true],
    ['iban', 'fr7630006000011234567890189', true],
    ['iban', 'FR76 3000 6000 0112 3456 7890 198', false], // same tail letters, other order
    ['iban', 'DE89 3704 0044 0532 0130 00', false],
    ['phone', '04.94.12.34.56', true],
    ['phone', '+33 (0)4 94 12 34 56', true],
    ['phone', '04 94 12 34 57', false],
    ['customer-id', 'int-ref-00042', true], // an unrecognised value: every entity but e-mail
    ['customer-id', 'INT-REF-00043', false],
    ['full-name', 'Int Réf 00042', true], // accents go through fold()
  ] as const)('matcherFor(%s)(%j) → %s', (entity, value, expected) => {
    expect(allowlist.matcherFor(entity)?.(value)).toBe(expected);
  });

  it('has no matcher for an entity no allowlisted value is of', () => {
    const ibanOnly = new Allowlist({ values: ['FR76 3000 6000 0112 3456 7890 189'], emails: [], text: [] });
    expect([ibanOnly.matcherFor('iban') !== undefined, ibanOnly.matcherFor('phone'), ibanOnly.matcherFor('last-name')]).toEqual([true, undefined, undefined]);
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
