/**
 * Latin letters as explicit regex class bodies (ASCII, Latin-1 Supplement, Latin Extended-A:
 * French, and the Polish, Czech, Turkish... names of French customer files).
 *
 * Why not `\p{Lu}` / `\p{L}`: with the `u` flag V8 scans text 20-40x slower (a capitalised-pair
 * pattern: 49 MB/s with `\p{Lu}`, 2,100 MB/s with these classes, on the same prose), and the text
 * detectors must keep up with 60 MB/s per core. Names in other scripts are found through their
 * columns (cell tests may use `\p{L}` on short strings).
 */
const UPPER =
  'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100\\u0102\\u0104\\u0106\\u0108\\u010A\\u010C\\u010E\\u0110\\u0112\\u0114\\u0116\\u0118\\u011A\\u011C\\u011E\\u0120\\u0122\\u0124\\u0126\\u0128\\u012A\\u012C\\u012E\\u0130\\u0132\\u0134\\u0136\\u0139\\u013B\\u013D\\u013F\\u0141\\u0143\\u0145\\u0147\\u014A\\u014C\\u014E\\u0150\\u0152\\u0154\\u0156\\u0158\\u015A\\u015C\\u015E\\u0160\\u0162\\u0164\\u0166\\u0168\\u016A\\u016C\\u016E\\u0170\\u0172\\u0174\\u0176\\u0178\\u0179\\u017B\\u017D';
const LOWER =
  'a-z\\u00DF-\\u00F6\\u00F8-\\u00FF\\u0101\\u0103\\u0105\\u0107\\u0109\\u010B\\u010D\\u010F\\u0111\\u0113\\u0115\\u0117\\u0119\\u011B\\u011D\\u011F\\u0121\\u0123\\u0125\\u0127\\u0129\\u012B\\u012D\\u012F\\u0131\\u0133\\u0135\\u0137\\u0138\\u013A\\u013C\\u013E\\u0140\\u0142\\u0144\\u0146\\u0148\\u0149\\u014B\\u014D\\u014F\\u0151\\u0153\\u0155\\u0157\\u0159\\u015B\\u015D\\u015F\\u0161\\u0163\\u0165\\u0167\\u0169\\u016B\\u016D\\u016F\\u0171\\u0173\\u0175\\u0177\\u017A\\u017C\\u017E\\u017F';

const UPPER_WORD_RE = new RegExp(`^[${UPPER}](?:[${UPPER}'’-]*[${UPPER}])?$`);
const CAPITALISED_RE = new RegExp(`^[${UPPER}][${LOWER}]+(?:[-'’][${UPPER}][${LOWER}]+)?$`);

/** "MOREL", "LE", "D'ARTOIS": upper-case letters (2 or more) with inner hyphens or apostrophes. */
export const isUpperWord = (word: string): boolean => word.length >= 2 && UPPER_WORD_RE.test(word);
/** "Jeanne", "Jean-Pierre", "D'Artois": a capital, then lower case. */
export const isCapitalised = (word: string): boolean => CAPITALISED_RE.test(word);

/**
 * Wider classes for scanning: all of Latin Extended-A counts as a possible capital. V8 matches a
 * class of a few ranges far faster than one of 90 single characters (135 vs 2,000 MB/s on prose);
 * the words found are then checked with isUpperWord / isCapitalised, which are exact.
 */
export const SCAN_UPPER = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u017F';
export const SCAN_LETTER = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u017F';
