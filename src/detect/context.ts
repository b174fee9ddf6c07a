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
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = ` ${fold(text.slice(Math.max(lineStart, index - CONTEXT_SPAN), index))} `;
  return (contextWords().get(entity) ?? []).some((w) => before.includes(w));
}
