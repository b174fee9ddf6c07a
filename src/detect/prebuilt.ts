import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageFile } from './rules.js';

/**
 * Reference data compiled from the packages that ship it, by `npm run build` (which `npm ci` runs),
 * into dist/data/: a process that scans one message (pipe mode, one file by hand) reads a compact
 * index there instead of parsing the package's own files at start-up (8.6 MB of JSON for the
 * postcodes: about a quarter of a second). The folder sits two levels above this file both in
 * src/ (tests) and in dist/ (the built CLI).
 */
const DATA_DIR = fileURLToPath(new URL('../../dist/data/', import.meta.url));

/** One index: its file in dist/data/, the package it is compiled from, and how. */
export interface PrebuiltIndex {
  file: string;
  /** The npm package whose data the index holds: its installed version is written in the index's first line. */
  sourcePackage: string;
  /** The index's text, from the package's data. */
  compile(): string;
}

function installedVersion(sourcePackage: string): string {
  return (JSON.parse(readFileSync(packageFile(`${sourcePackage}/package.json`), 'utf8')) as { version: string }).version;
}

const headerOf = (index: PrebuiltIndex) => `# ${index.sourcePackage} ${installedVersion(index.sourcePackage)}\n`;

/**
 * The index's text when dist/data/ holds one compiled from the installed version of its package;
 * otherwise (not built yet, or the package updated since) it is compiled now, in memory: the same
 * data, only slower. Nothing is written at run time.
 */
export function readPrebuilt(index: PrebuiltIndex, dir = DATA_DIR): string {
  let text: string | undefined;
  try {
    text = readFileSync(path.join(dir, index.file), 'utf8');
  } catch {
    // Not built: compiled below.
  }
  const header = headerOf(index);
  return text?.startsWith(header) ? text.slice(header.length) : index.compile();
}

/** Writes each index into dist/data/ (npm run build), or `dir`. */
export function writePrebuilt(indexes: readonly PrebuiltIndex[], dir = DATA_DIR): void {
  mkdirSync(dir, { recursive: true });
  for (const index of indexes) writeFileSync(path.join(dir, index.file), headerOf(index) + index.compile());
}
