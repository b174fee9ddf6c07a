import { readFileSync } from 'node:fs';
import { findAll, type Detector, type MatchSink } from '../detector.js';
import { fold } from '../fold.js';
import { SCAN_UPPER } from '../letters.js';
import { readPrebuilt, type PrebuiltIndex } from '../prebuilt.js';
import { lazy, packageFile } from '../rules.js';

interface Commune {
  nom: string;
  codesPostaux?: string[];
}

const COMMUNES_PACKAGE = '@etalab/decoupage-administratif';

/**
 * The official list, compiled into dist/data/ by the build: one line per postcode, the code then
 * the folded names of its communes, tab-separated. From @etalab/decoupage-administratif (MIT; La
 * Poste and INSEE data under Licence Ouverte), updated with that package.
 */
export const POSTCODE_INDEX: PrebuiltIndex = {
  file: 'postcodes-fr.tsv',
  sourcePackage: COMMUNES_PACKAGE,
  compile() {
    const text = readFileSync(packageFile(`${COMMUNES_PACKAGE}/data/communes.json`), 'utf8');
    return postcodeIndexText(communesByCode(text) ?? communesByCodeParsed(text));
  },
};

/** Each postcode with the folded names of its communes. Read on first use, never for mail without codes. */
export const postcodes = lazy(() => parsePostcodeIndex(readPrebuilt(POSTCODE_INDEX)));

export function postcodeIndexText(byCode: ReadonlyMap<string, readonly string[]>): string {
  let text = '';
  for (const [code, names] of byCode) text += `${code}\t${names.join('\t')}\n`;
  return text;
}

export function parsePostcodeIndex(text: string): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [code, ...names] = line.split('\t');
    byCode.set(code, names);
  }
  return byCode;
}

/**
 * The package writes one commune per line: reading the two fields needed with a regex keeps the
 * 8 MB file from becoming 35,000 objects (a 40 MB heap peak that the process keeps as RSS).
 * Null when the layout is not that one, so that a format change costs memory, not correctness.
 */
export function communesByCode(text: string): Map<string, string[]> | null {
  const byCode = new Map<string, string[]>();
  const line = /"nom":("(?:[^"\\\n]|\\.)*")[^\n]*?"codesPostaux":\[([^\]\n]*)\]/g;
  let communes = 0;
  for (let m = line.exec(text); m !== null; m = line.exec(text)) {
    communes++;
    const name = fold(JSON.parse(m[1]) as string);
    for (const code of m[2].match(/\d{5}/g) ?? []) addCommune(byCode, code, name);
  }
  // About 35,000 communes in every edition: far fewer means the layout changed.
  return communes > 30_000 ? byCode : null;
}

export function communesByCodeParsed(text: string): Map<string, string[]> {
  const byCode = new Map<string, string[]>();
  for (const c of JSON.parse(text) as Commune[]) for (const code of c.codesPostaux ?? []) addCommune(byCode, code, fold(c.nom));
  return byCode;
}

function addCommune(byCode: Map<string, string[]>, code: string, name: string): void {
  const names = byCode.get(code);
  if (names) names.push(name);
  else byCode.set(code, [name]);
}

/** Business codes (CEDEX) are not in the commune list; they keep the department's shape. */
const CEDEX_SHAPE = /^(?:0[1-9]|[1-8]\d|9[0-5]|9[78]\d)\d{3}$/;

const isPostcode = (code: string) => postcodes().has(code);

/**
 * In text, a code counts when a commune of that code follows it ("83400 Hyères", "75008 PARIS",
 * "83041 TOULON CEDEX 9"). Digit first, look-behind second, for scan speed (see letters.ts).
 */
const TEXT = new RegExp(`\\d(?<![\\w,.]\\d)\\d{4}(?!\\w)(?=[ \\t]+[${SCAN_UPPER}])`, 'g');
/** How much text after a code may hold its commune: "83470 SAINT-MAXIMIN-LA-SAINTE-BAUME CEDEX". */
const PLACE_SPAN = 64;

/** True when one of the code's communes (or CEDEX) follows it, up to the end of its line or field. */
function communeFollows(code: string, after: string): boolean {
  const place = ` ${fold(after.split(/[\n,;|\t]/, 1)[0])} `;
  if (/ cedex /.test(place)) return CEDEX_SHAPE.test(code);
  return (postcodes().get(code) ?? []).some((name) => place.startsWith(` ${name} `));
}

function findPostcodes(text: string, emit: MatchSink): void {
  findAll(text, emit, TEXT, 'postal-code', 0, (code, index) => communeFollows(code, text.slice(index + code.length, index + code.length + PLACE_SPAN)));
}

export const postalCodeDetector: Detector = {
  id: 'postal-code-fr',
  entity: 'postal-code',
  validator: 'official postcode list',
  matchCell: isPostcode,
  // In a postal-code column a spreadsheet may have stored 06000 as the number 6000.
  matchKnownCell: (cell) => isPostcode(cell) || (/^[1-9]\d{3}$/.test(cell) && isPostcode(`0${cell}`)) || CEDEX_SHAPE.test(cell),
  find: findPostcodes,
  examples: {
    match: ['83400', '06000', '20000', '97400', '75008'],
    noMatch: ['00400', '96000', '8340', '834000', '83 400', 'F-83400', '83999'],
  },
  textExamples: [
    { text: '12 rue des Lilas, 83400 Hyères', values: ['83400'] },
    { text: 'BP 123 – 83041 TOULON CEDEX 9', values: ['83041'] },
    { text: 'Stock : 83400 Unités ; total 12500 €', values: [] },
    { text: '83400 Toulon', values: [] },
  ],
};
