import type { Entity } from '../model/entities.js';
import { DETECTORS } from './detectors/index.js';
import { fold } from './fold.js';

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
 * a French number in international form (+33 4 94..., +33 (0)4 94..., 0033 4 94...) turned national (04 94...),
 * so that "FR76 3000 6000 ..." and "fr7630006000...", "+33 4 94 00 00 00" and "04.94.00.00.00"
 * are the same value.
 */
export function identifierKey(value: string): string {
  const key = fold(value).replace(/ /g, '').toUpperCase();
  const national = /^(?:0033|33)0?([1-9]\d{8})$/.exec(key);
  return national ? `0${national[1]}` : key;
}

/** The address alone, lower case: `Jeanne <JEANNE@x.fr>` and `mailto:jeanne@x.fr` → `jeanne@x.fr`. */
export function bareAddress(cell: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(cell);
  return (angle ? angle[1] : cell).replace(/^mailto:/i, '').trim().toLowerCase();
}

const NON_EMAIL_ENTITIES = new Set<Entity>(DETECTORS.map((d) => d.entity).filter((e) => e !== 'email'));

/**
 * Allowlisted values are not counted in findings: the organisation's own SIRET in every footer,
 * its own IBAN on every invoice, its newsletter footer. Built once per run.
 */
export class Allowlist {
  /** Keys per entity: a value is checked only against the entity its detectors recognise it as. */
  private readonly keys = new Map<Entity, Set<string>>();
  private readonly addresses = new Set<string>();
  private readonly domains: string[] = [];
  /** Folded footer lines, space-padded for whole-word search. */
  private readonly lines: string[] = [];

  constructor(config: AllowlistConfig) {
    for (const value of config.values) this.addValue(value);
    for (const entry of config.emails) {
      const lower = entry.trim().toLowerCase();
      if (lower.includes('@') && !lower.startsWith('@')) this.addresses.add(lower);
      else this.domains.push(lower.replace(/^@/, ''));
    }
    for (const entry of config.text) {
      for (const line of entry.split('\n')) if (fold(line)) this.lines.push(` ${fold(line)} `);
    }
  }

  /**
   * Files the value under the entities whose cell test accepts it (an IBAN under `iban`), so that
   * only those columns and matches pay for the comparison; a value no detector recognises (an
   * internal reference) is compared with every entity but e-mail.
   */
  private addValue(value: string): void {
    const key = identifierKey(value);
    const trimmed = value.trim();
    const entities = DETECTORS.filter((d) => d.entity !== 'email' && d.matchCell(trimmed)).map((d) => d.entity);
    for (const entity of entities.length > 0 ? entities : NON_EMAIL_ENTITIES) {
      const set = this.keys.get(entity) ?? new Set<string>();
      set.add(key);
      this.keys.set(entity, set);
    }
  }

  /** The keys to compare values of this entity with (see identifierKey), or undefined when none can match. */
  keysFor(entity: Entity): ReadonlySet<string> | undefined {
    return this.keys.get(entity);
  }

  /** True for one of the organisation's own addresses, or an address of one of its domains (or their subdomains). */
  hasAddress(address: string): boolean {
    const bare = bareAddress(address);
    if (this.addresses.has(bare)) return true;
    const domain = bare.slice(bare.lastIndexOf('@') + 1);
    return this.domains.some((d) => domain === d || domain.endsWith(`.${d}`));
  }

  /** True when there are e-mail entries at all (the e-mail check is then added to the role-address test). */
  get hasEmails(): boolean {
    return this.addresses.size > 0 || this.domains.length > 0;
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
