import { describe, expect, it } from 'vitest';
import { fold, stripAccents } from '../../src/detect/fold.js';

describe('fold', () => {
  it.each([
    ["N° d'abonné", 'n d abonne'],
    ['N° d’abonné', 'n d abonne'], // typographic apostrophe
    ['Prénom', 'prenom'],
    ['PRÉNOM', 'prenom'],
    ['Pre\u0301nom', 'prenom'], // decomposed é (e + U+0301)
    ['Adresse e-mail', 'adresse e mail'],
    ['Réf. client', 'ref client'],
    ['Tél.', 'tel'],
    ['  -- Prénom  (usuel) ', 'prenom usuel'],
    ['Code_postal', 'code postal'],
    ['Œuvre', 'oeuvre'],
    ['cœur', 'coeur'],
    ['Æther', 'aether'],
    ['nævus', 'naevus'],
    ['Straße', 'strasse'],
    ['Ça là-bas', 'ca la bas'],
    ['Île-de-France', 'ile de france'],
    ['Numéro 12/B', 'numero 12 b'],
    ['°°°', ''],
    ['', ''],
  ])('fold(%j) → %j', (input, expected) => {
    expect(fold(input)).toBe(expected);
  });

  it('spells out typographic ligatures of PDF text', () => {
    expect(fold('Identi\uFB01ant client')).toBe('identifiant client');
    expect(fold('\uFB02eur')).toBe('fleur');
  });
});

describe('stripAccents', () => {
  it.each([
    ['Allée des Pins, 83400 Hyères', 'allee des pins, 83400 hyeres'],
    ["N° d'abonné", "n° d'abonne"],
    ['ÉLÈVE', 'eleve'],
  ])('stripAccents(%j) → %j', (input, expected) => {
    expect(stripAccents(input)).toBe(expected);
  });

  it('keeps the length of precomposed text, so offsets map back to the original', () => {
    const text = 'Livraison 7 allée des Pins, Hyères';
    expect(stripAccents(text)).toHaveLength(text.length);
  });
});
