import type { Entity } from '../model/entities.js';
import { fold } from './fold.js';
import { lazy, readRuleJson } from './rules.js';

interface LexiconFile {
  entities: Partial<Record<Entity, { exact: string[]; contains: string[] }>>;
  context: string[];
  ignore: string[];
  /** Headers that name a company (Raison sociale, Fournisseur). */
  company: { exact: string[]; contains: string[] };
}

/** Extra header words per entity, from the configuration's `headerWords`. */
export type HeaderWords = Partial<Record<Entity, readonly string[]>>;

/**
 * The column-header lexicon (rules/headers.json), optionally with the organisation's own header
 * words. Built once per run: every table's headers are looked up in it.
 */
export class HeaderLexicon {
  private readonly exact = new Map<string, Entity>();
  /** Phrases to find as whole words, space-padded, longest first so that "adresse email" beats "adresse". */
  private readonly contains: { phrase: string; entity: Entity }[] = [];
  private readonly context: Set<string>;
  /** Phrases that make a header name no entity ("Adresse IP", "Montant abonnement"), space-padded. */
  private readonly ignore: string[];
  private readonly companyExact: Set<string>;
  private readonly companyContains: string[];

  constructor(file: LexiconFile, extra: HeaderWords = {}) {
    const add = (entity: Entity, exact: readonly string[], contains: readonly string[]) => {
      for (const w of exact) if (fold(w)) this.exact.set(fold(w), entity);
      for (const w of contains) if (fold(w)) this.contains.push({ phrase: ` ${fold(w)} `, entity });
    };
    for (const [entity, words] of Object.entries(file.entities) as [Entity, { exact: string[]; contains: string[] }][]) add(entity, words.exact, words.contains);
    // The organisation's words come last: as whole headers they replace the built-in entity
    // ("Code" of a billing export is the customer number), inside headers they compete by length.
    for (const [entity, words] of Object.entries(extra) as [Entity, readonly string[]][]) add(entity, words, words);
    // Stable sort: at equal length the built-in phrase, listed first, keeps its place.
    this.contains.sort((a, b) => b.phrase.length - a.phrase.length);
    this.context = new Set(file.context.map(fold));
    this.ignore = file.ignore.map((w) => ` ${fold(w)} `);
    this.companyExact = new Set(file.company.exact.map(fold));
    this.companyContains = file.company.contains.map((w) => ` ${fold(w)} `);
  }

  /** True for a header that names a company ("Raison sociale", "Fournisseur", "Nom de la société"). */
  isCompany(header: string): boolean {
    const folded = fold(header);
    return this.companyExact.has(folded) || this.companyContains.some((phrase) => ` ${folded} `.includes(phrase));
  }

  /**
   * The entity a column header announces, or null. `"N° d'abonné"` → `customer-id`,
   * `"Adresse e-mail"` → `email`, `"Nom de la commune"` → `city`.
   */
  entityFor(header: string): Entity | null {
    const folded = fold(header);
    if (!folded) return null;
    const exact = this.exact.get(folded);
    if (exact) return exact;
    const padded = ` ${folded} `;
    if (this.ignore.some((phrase) => padded.includes(phrase))) return null;
    for (const { phrase, entity } of this.contains) {
      if (padded.includes(phrase)) return entity;
    }
    return null;
  }

  /** True for headers that are not entities but say the table is about people (Civilité, Sexe). */
  isPersonContext(header: string): boolean {
    return this.context.has(fold(header));
  }
}

const lexiconFile = lazy(() => readRuleJson<LexiconFile>('headers.json'));

/** The lexicon of rules/headers.json, with the organisation's extra words when there are any. */
export function headerLexicon(extra?: HeaderWords): HeaderLexicon {
  return extra && Object.keys(extra).length > 0 ? new HeaderLexicon(lexiconFile(), extra) : defaultLexicon();
}

const defaultLexicon = lazy(() => new HeaderLexicon(lexiconFile()));

/** The built-in lexicon's entity for a header (see HeaderLexicon.entityFor). */
export const entityForHeader = (header: string): Entity | null => defaultLexicon().entityFor(header);

/** The built-in lexicon's test for person-context headers (see HeaderLexicon.isPersonContext). */
export const isPersonContextHeader = (header: string): boolean => defaultLexicon().isPersonContext(header);
