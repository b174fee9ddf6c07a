import type { Entity } from '../model/entities.js';
import { fold } from './fold.js';
import { lazy, readRuleJson } from './rules.js';

/** Context words per entity (rules/context.json), folded and space-padded for whole-word search. */
const contextWords = lazy(() => {
  const file = readRuleJson<Record<string, string[] | string>>('context.json');
  const out = new Map<string, string[]>();
  for (const [entity, words] of Object.entries(file)) if (Array.isArray(words)) out.set(entity, words.map((w) => ` ${fold(w)} `));
  return out;
});

/** How far before a value its context word may stand: "N° de sécurité sociale de l'agent : ". */
const CONTEXT_SPAN = 48;

/**
 * True when one of the entity's context words stands shortly before `index` on the same line,
 * as whole words. Called on candidates only, never on whole texts.
 */
export function hasContextBefore(text: string, index: number, entity: Entity): boolean {
  // The line start is looked for within the span only: searching the whole text back would cost
  // the length of the line for every candidate, quadratic on a long line of numbers.
  const span = text.slice(Math.max(0, index - CONTEXT_SPAN), index);
  const before = ` ${fold(span.slice(span.lastIndexOf('\n') + 1))} `;
  return (contextWords().get(entity) ?? []).some((w) => before.includes(w));
}
