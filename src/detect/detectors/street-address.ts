import type { Detector, MatchSink } from '../detector.js';
import { lazy, readRuleJson } from '../rules.js';

interface StreetTypes {
  numbered: string[];
  unnumbered: string[];
}

/** Letters of the folded rule words that French writes with accents: "allee" matches "allée". */
const ACCENTED: Record<string, string> = { a: '[aàâä]', e: '[eéèêë]', i: '[iîï]', o: '[oôö]', u: '[uùûü]', c: '[cç]' };

/**
 * "lieu dit" in the rule file matches "lieu-dit", "lieu dit" and "lieudit"; with `accents`,
 * "allee" matches "allée" too, so that text is searched as it is, without a folded copy.
 */
const alternation = (words: string[], accents = false) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => (accents ? w.replace(/[aeiouc]/g, (ch) => ACCENTED[ch]) : w).split(' ').join('[ \\t-]?'))
    .join('|');

/**
 * Spaces and tabs in the text pattern, never two runs side by side (`[ \t]*,?[ \t]+`): a regex
 * shares such runs out in every way before it fails, quadratic on a long run of spaces.
 */
const SPACE = '[ \\t]*';
const SPACES = '[ \\t]+';
const NUMBER_SUFFIX = '(?:[ \\t]?(?:bis|ter|quater|[a-d]))?';
const NUMBER = `\\d{1,4}${NUMBER_SUFFIX}`;

const patterns = lazy(() => {
  const types = readRuleJson<StreetTypes>('street-types.json');
  return {
    cell: new RegExp(`^(?:${NUMBER}(?:\\s*,)?\\s+(?:${alternation(types.numbered, true)})\\.?(?:\\s|$)|(?:${alternation(types.unnumbered, true)})\\.?\\s+\\S)`, 'i'),
    // In text the street type must be followed by a word: "12 rue des Lilas", "3 bis av. Foch".
    // The value stops at a line end, a separator or two spaces (the gap between text-table columns).
    // The digit comes before the look-behind so that V8 scans for digits, not for every position.
    text: new RegExp(
      `\\d(?<![\\w,.]\\d)\\d{0,3}${NUMBER_SUFFIX}(?:${SPACE},)?${SPACES}(?:${alternation(types.numbered, true)})\\.?${SPACES}[a-z0-9'’àâäéèêëîïôöùûüç](?:(?! {2})[^\\n,;|\\t]){1,60}`,
      'gi',
    ),
  };
});

function findAddresses(text: string, emit: MatchSink): void {
  const pattern = patterns().text;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    // The match starts with a digit: trimming takes only trailing space, the offset holds.
    emit({ entity: 'postal-address', value: text.slice(m.index, m.index + m[0].length).trim(), index: m.index });
  }
}

export const streetAddressDetector: Detector = {
  id: 'street-address-fr',
  entity: 'postal-address',
  matchCell: (cell) => patterns().cell.test(cell),
  find: findAddresses,
  examples: {
    match: ['12 rue des Lilas', '3 bis avenue Foch', '45, Bd de la Liberté', '7 allée des Pins, 83400 Hyères', 'Lieu-dit Les Vignes', 'Résidence Les Pins bât. B', '108 chemin de la Source', '2 impasse du Moulin'],
    noMatch: ['Rue des Lilas 12 ans', 'Abonnement (part fixe)', '12 unités', 'Hôtel de ville', '1/2" laiton', '25 mm'],
  },
  textExamples: [
    { text: 'Contrat n° 12 – 12 rue des Lilas, 83400 Hyères.', values: ['12 rue des Lilas'] },
    { text: 'Livraison de 12 robinets et 3 vannes.', values: [] },
  ],
};
