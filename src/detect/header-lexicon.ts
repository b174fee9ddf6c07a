import type { Entity } from '../model/entities.js';
import { fold } from './fold.js';
import { lazy, readRuleJson } from './rules.js';

interface LexiconFile {
  entities: Partial<Record<Entity, { exact: string[]; contains: string[] }>>;
  context: string[];
  ignore: string[];
}

interface Lexicon {
  exact: Map<string, Entity>;
  /** Phrases to find as whole words, space-padded, longest first so that "adresse email" beats "adresse". */
  contains: { phrase: string; entity: Entity }[];
  context: Set<string>;
  /** Phrases that make a header name no entity ("Adresse IP", "Montant abonnement"), space-padded. */
  ignore: string[];
}

const lexicon = lazy((): Lexicon => {
  const file = readRuleJson<LexiconFile>('headers.json');
  const exact = new Map<string, Entity>();
  const contains: { phrase: string; entity: Entity }[] = [];
  for (const [entity, words] of Object.entries(file.entities) as [Entity, { exact: string[]; contains: string[] }][]) {
    for (const w of words.exact) exact.set(fold(w), entity);
    for (const w of words.contains) contains.push({ phrase: ` ${fold(w)} `, entity });
  }
  contains.sort((a, b) => b.phrase.length - a.phrase.length);
  return { exact, contains, context: new Set(file.context.map(fold)), ignore: file.ignore.map((w) => ` ${fold(w)} `) };
});

/**
 * The entity a column header announces, or null. `"N° d'abonné"` → `customer-id`,
 * `"Adresse e-mail"` → `email`, `"Nom de la commune"` → `city`.
 */
export function entityForHeader(header: string): Entity | null {
  const folded = fold(header);
  if (!folded) return null;
  const lex = lexicon();
  const exact = lex.exact.get(folded);
  if (exact) return exact;
  const padded = ` ${folded} `;
  if (lex.ignore.some((phrase) => padded.includes(phrase))) return null;
  for (const { phrase, entity } of lex.contains) {
    if (padded.includes(phrase)) return entity;
  }
  return null;
}

/** True for headers that are not entities but say the table is about people (Civilité, Sexe). */
export function isPersonContextHeader(header: string): boolean {
  return lexicon().context.has(fold(header));
}
