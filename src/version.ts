import { readFileSync } from 'node:fs';

/** package.json, read once (one level above both src/ and dist/). */
const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; homepage?: string };

/** The package version. */
export const VERSION: string = PACKAGE.version;

/** The project's home page (package.json `homepage`), for SARIF's `informationUri`; absent until the package declares one. */
export const HOMEPAGE: string | undefined = PACKAGE.homepage;
