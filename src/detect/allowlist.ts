import { fold } from './fold.js';
import { normaliseAddress } from '../model/normalise-address.js';

/** The organisation's own identifiers and texts (configuration `allowlist`). */
export interface AllowlistConfig {
  /** Own SIRET, SIREN, VAT number, IBAN, RIB, phone numbers...: compared in compact form. */
  values: readonly string[];
  /** Own addresses (`dpo@ville.fr`) or whole domains (`@ville.fr`, `ville.fr`). */
  emails: readonly string[];
  /** Lines of text (a newsletter footer): what a line holding one of them carries is not counted. */
  text: readonly string[];
}

/**
 * A value as the allowlist compares it: letters and digits only, upper case, accents dropped, and
 * a French number in international form (+33 4 94..., +33 (0)4 94..., 0033 4 94...) turned
 * national (04 94...), so that "FR76 3000 6000 ..." and "fr7630006000...", "+33 4 94 00 00 00"
 * and "04.94.00.00.00" are the same value.
 */
export function identifierKey(value: string): string {
  let key = '';
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    // Accents and ligatures need fold(); nearly every identifier is ASCII and skips it.
    if (c > 127) return national(fold(value).replace(/ /g, '').toUpperCase());
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) key += String.fromCharCode(c);
  }
  return national(key);
}

function national(key: string): string {
  const m = /^(?:0033|33)0?([1-9]\d{8})$/.exec(key);
  return m ? `0${m[1]}` : key;
}

/**
 * Latin-1 letters as fold() turns them, by code from U+00C0: the base letter's code ("é" → E),
 * 0 for a character fold() drops (× ÷), -1 for one that becomes two letters (æ, ß).
 */
const LATIN1_FOLDED = Array.from({ length: 0x40 }, (_, i) => {
  const folded = fold(String.fromCharCode(0xc0 + i)).toUpperCase();
  return folded.length === 0 ? 0 : folded.length === 1 ? folded.charCodeAt(0) : -1;
});

/**
 * The last three letters or digits of a value as identifierKey spells them, as one number; -1
 * when one of them is beyond Latin-1. The key of a value ends the same way, so that most values
 * are told apart from the allowlisted ones without building their key.
 */
function tailCode(value: string): number {
  let code = 0;
  let n = 0;
  for (let i = value.length - 1; i >= 0 && n < 3; i--) {
    let c = value.charCodeAt(i);
    if (c >= 0xc0 && c <= 0xff) c = LATIN1_FOLDED[c - 0xc0];
    else if (c > 127) return -1;
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
      code = code * 128 + c;
      n++;
    } else if (c < 0) return -1;
  }
  return code;
}

/**
 * Allowlisted values are not counted in findings: the organisation's own SIRET in every footer,
 * its own IBAN on every invoice, its own addresses, its newsletter footer. Values are compared
 * with every detected value but e-mails, whatever its entity. Built once per run.
 */
export class Allowlist {
  /** Keys of the allowlisted values (see identifierKey), and their tails (see tailCode). */
  private readonly keys = new Set<string>();
  private readonly tails = new Set<number>();
  private readonly addresses = new Set<string>();
  /** Own domains as address endings: "@ville.fr" and ".ville.fr" (its subdomains). */
  private readonly domainEnds: string[] = [];
  /** Folded footer lines, space-padded for whole-word search. */
  private readonly lines: string[] = [];

  constructor(config: AllowlistConfig) {
    // Values are not sorted by entity: that would take every detector's reference data (names,
    // postcodes, phone metadata) at start-up, and the tail test keeps comparing cheap.
    for (const value of config.values) {
      const key = identifierKey(value);
      this.keys.add(key);
      this.tails.add(tailCode(key));
    }
    for (const entry of config.emails) {
      const lower = entry.trim().toLowerCase();
      if (lower.includes('@') && !lower.startsWith('@')) this.addresses.add(lower);
      else this.domainEnds.push(`@${lower.replace(/^@/, '')}`, `.${lower.replace(/^@/, '')}`);
    }
    for (const entry of config.text) {
      for (const line of entry.split('\n')) if (fold(line)) this.lines.push(` ${fold(line)} `);
    }
  }

  /** True when there are values at all: columns and matches are then compared with them. */
  get hasValues(): boolean {
    return this.keys.size > 0;
  }

  /** True when the value (any entity but e-mail) is one of the allowlisted values, however written. */
  hasValue(value: string): boolean {
    const tail = tailCode(value);
    return (tail < 0 || this.tails.has(tail)) && this.keys.has(identifierKey(value));
  }

  /** True for one of the organisation's own addresses, or an address of one of its domains (or their subdomains). */
  hasAddress(address: string): boolean {
    return this.hasBareAddress(normaliseAddress(address));
  }

  /** hasAddress for an address already normalised (see normaliseAddress). */
  hasBareAddress(bare: string): boolean {
    if (this.addresses.has(bare)) return true;
    for (const end of this.domainEnds) if (bare.endsWith(end)) return true;
    return false;
  }

  /** True when there are e-mail entries at all (the e-mail check is then added to the role-address test). */
  get hasEmails(): boolean {
    return this.addresses.size > 0 || this.domainEnds.length > 0;
  }

  /** True when there are text lines at all. */
  get hasText(): boolean {
    return this.lines.length > 0;
  }

  /** True when the line of text holds one of the allowlisted lines, as whole words, case and accents aside. */
  coversLine(line: string): boolean {
    const padded = ` ${fold(line)} `;
    return this.lines.some((l) => padded.includes(l));
  }
}
