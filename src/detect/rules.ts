import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Rule data lives in the top-level `rules/` folder as JSON and text so that it can be reviewed
 * and extended without touching code. The folder sits two levels above this file both in `src/`
 * (tests) and in `dist/` (the built CLI).
 */
const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

/** Reads `rules/NAME` as text. */
export function readRuleText(name: string): string {
  return readFileSync(RULES_DIR + name, 'utf8');
}

/** Reads and parses `rules/NAME` as JSON. */
export function readRuleJson<T>(name: string): T {
  return JSON.parse(readRuleText(name)) as T;
}

const requireHere = createRequire(import.meta.url);

/**
 * Reference data shipped by maintained packages (postcodes, names, phone metadata) is read from
 * node_modules where npm put it, not copied into rules/ (the large lists through the indexes
 * the build compiles from them: prebuilt.ts).
 */
export const packageFile = (specifier: string): string => requireHere.resolve(specifier);

/** Loads a CommonJS package synchronously, on first need (detectors are synchronous). */
export const requirePackage = <T>(specifier: string): T => requireHere(specifier) as T;

/** Caches a lazily computed value: rule files are read once, on first use. */
export function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
