import * as v from 'valibot';
import { nearestKey } from './nearest-key.js';

/**
 * Building blocks of the configuration schema. Each leaf says what was expected and what it got,
 * in the words of a configuration file ("a whole number of 1 or more", "a list"), so that every
 * problem line reads on its own: `thresholds.minPeople: expected a whole number of 1 or more, got 0`.
 */

/** What is wrong with a value: the text after its key path. */
export class Problem {
  constructor(readonly message: string) {}
}

/** A value as a problem line shows it: short strings quoted, structures by their kind. */
export function shown(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 37)}...` : input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return String(input);
}

/** A leaf value checked and converted by `parse`, which returns the value or a Problem. */
export function leaf<T>(parse: (input: unknown) => T | Problem) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
      const result = parse(dataset.value);
      if (!(result instanceof Problem)) return result;
      addIssue({ message: result.message });
      return NEVER;
    }),
  );
}

/** A whole number from `min` (to `max`). */
export const wholeNumber = (min: number, max?: number) =>
  leaf((x) =>
    typeof x === 'number' && Number.isInteger(x) && x >= min && x <= (max ?? Number.MAX_SAFE_INTEGER)
      ? x
      : new Problem(`expected a whole number ${max === undefined ? `of ${min} or more` : `from ${min} to ${max}`}, got ${shown(x)}`),
  );

/** A number (fractions allowed) of at least `min` (and at most `max`). */
export const numberFrom = (min: number, max = Number.MAX_VALUE) =>
  leaf((x) => (typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max ? x : new Problem(`expected a number ${max === Number.MAX_VALUE ? `of ${min} or more` : `from ${min} to ${max}`}, got ${shown(x)}`)));

/** true or false; YAML 1.2 reads `off` and `no` as text, which is said. */
export const flag = () => leaf((x) => (typeof x === 'boolean' ? x : new Problem(`expected true or false, got ${shown(x)}`)));

/** One of `choices`; `refused` gives the reason some tempting value is not one (issues: pass). */
export function choice<const C extends string>(choices: readonly C[], refused: Record<string, string> = {}) {
  return leaf((x): C | Problem => {
    if (typeof x === 'string' && (choices as readonly string[]).includes(x)) return x as C;
    if (typeof x === 'string' && refused[x]) return new Problem(refused[x]);
    const near = typeof x === 'string' ? nearestKey(x, choices) : null;
    return new Problem(`expected ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}, got ${shown(x)}${near ? ` (did you mean "${near}"?)` : ''}`);
  });
}

/** Text, checked by `check` (a Problem message or null). A bare number is refused with the reason: YAML drops its leading 0. */
export function text(check: (s: string) => string | null = () => null) {
  return leaf((x): string | Problem => {
    if (typeof x === 'number') return new Problem('expected text, got a number: put it in quotes (YAML reads 0494000000 as the number 494000000)');
    if (typeof x !== 'string' || x.trim() === '') return new Problem(`expected text, got ${shown(x)}`);
    const wrong = check(x);
    return wrong === null ? x : new Problem(wrong);
  });
}

/** A path, or null for none. */
export const optionalPath = () => leaf((x): string | null | Problem => (x === null || (typeof x === 'string' && x.trim() !== '') ? x : new Problem(`expected a path, or null for none, got ${shown(x)}`)));

/** A list of `item`s; absent or empty (`values:` with every line commented out) is an empty list. */
export function list<T>(item: v.GenericSchema<unknown, T>) {
  return v.nullish(v.array(item, (issue) => `expected a list, got ${shown(issue.input)}`), []);
}

const isMapping = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A cross-field rule of a section: the keys it reads (it runs only when they are valid on their
 * own, so that one mistake is one problem), and its check, which names the key at fault.
 */
export interface SectionRule {
  keys: readonly string[];
  check(section: Record<string, unknown>): { key: string; message: string } | null;
}

/**
 * A mapping of known keys. An unknown key is a problem, with the nearest known key suggested: a
 * typo must never fall back silently to a default. `noun` names the keys in that message
 * ("unknown detector"). `rules` check keys against each other once their own values are read.
 */
export function section<const E extends v.ObjectEntries>(entries: E, noun = 'key', rules: SectionRule[] = []) {
  const known = Object.keys(entries);
  return v.pipe(
    v.custom<Record<string, unknown>>(isMapping, (issue) => `expected a mapping of settings, got ${shown(issue.input)}`),
    v.looseObject(entries),
    v.rawCheck(({ dataset, addIssue }) => {
      const input = dataset.value as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (Object.prototype.hasOwnProperty.call(entries, key)) continue;
        const near = nearestKey(key, known);
        const hint = near ? ` (did you mean "${near}"?)` : known.length <= 20 ? ` (known: ${known.join(', ')})` : '';
        addIssue({ message: `unknown ${noun}${hint}`, path: [{ type: 'object', origin: 'key', input, key, value: input[key] }] });
      }
      const faulty = new Set((dataset.issues ?? []).map((issue) => issue.path?.[0]?.key));
      for (const rule of rules) {
        if (rule.keys.some((k) => faulty.has(k))) continue;
        const broken = rule.check(input);
        if (broken) addIssue({ message: broken.message, path: [{ type: 'object', origin: 'value', input, key: broken.key, value: input[broken.key] }] });
      }
    }),
    v.transform((input) => Object.fromEntries(known.filter((k) => k in input).map((k) => [k, input[k]])) as v.InferOutput<v.ObjectSchema<E, undefined>>),
  );
}

/** A section that may be absent or empty: its keys then take their defaults. */
export const optionalSection = <const E extends v.ObjectEntries>(entries: E, noun?: string, rules?: SectionRule[]) => v.nullish(section(entries, noun, rules), {});

/** The key path of a valibot issue, as the file spells it: `allowlist.values[2]`, `thresholds.minPeople`. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}
