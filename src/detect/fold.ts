/**
 * Folds text for dictionary look-ups: lower case, accents removed, ligatures spelled out
 * (NFKD: the "ﬁ" of PDF text becomes "fi"), punctuation (including `°` and apostrophes) turned
 * into single spaces. `"N° d'abonné"` → `"n d abonne"`.
 */
export function fold(text: string): string {
  // Plain ASCII (e-mail local parts, most headers) has nothing to normalise: skip the Unicode passes.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Removes accents and lower-cases, keeping punctuation: for comparing names and addresses. */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
