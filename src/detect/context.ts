import type { Entity } from '../model/entities.js';
import { fold } from './fold.js';
import { lazy, readRuleJson } from './rules.js';

/** Context words per entity (rules/context.json), folded. */
export const contextWords = lazy(() => {
  const file = readRuleJson<Record<string, string[] | string>>('context.json');
  const out = new Map<string, string[]>();
  for (const [entity, words] of Object.entries(file)) if (Array.isArray(words)) out.set(entity, words.map(fold));
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
  return (contextWords().get(entity) ?? []).some((w) => before.includes(` ${w} `));
}

/**
 * A value with separators removed and letters upper-cased ("FR76 3000-6000" → "FR763000600").
 * A loop, not a regex: it runs on every cell of identifier columns.
 */
export function compactValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 32 || code === 46 || code === 45 || code === 9 || code === 160 || code === 8239) continue;
    out += code >= 97 && code <= 122 ? String.fromCharCode(code - 32) : value[i];
  }
  return out;
}
