import { ConfigError } from './config-error.js';

/**
 * The data of a configuration file: JSON for `.json`, YAML otherwise. A syntax error is a problem
 * line `FILE:LINE:COL: what is wrong`, every one of them at once, so that an editor jumps to it.
 * An empty file is an empty configuration.
 */
export async function parseConfigText(text: string, shownName: string, isJson: boolean): Promise<unknown> {
  if (text.trim() === '') return {};
  return isJson ? parseJson(text, shownName) : parseYaml(text, shownName);
}

async function parseYaml(text: string, shownName: string): Promise<unknown> {
  // Loaded on first need: runs without a YAML file do not pay for the parser.
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw ConfigError.problems(
      shownName,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return `${shownName}${at ? `:${at.line}:${at.col}` : ''}: ${what}`;
      }),
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) ?? {};
}

function parseJson(text: string, shownName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position !== undefined ? Number(position) : /end of JSON input/.test(message) ? text.length : -1;
    // V8 quotes the whole input in some messages ("Unexpected token 'x', "{..." is not valid JSON"): cut it.
    const what = message.split('\n')[0].replace(/, ".*$/, '').replace(/ in JSON at position \d+.*$/, '');
    throw ConfigError.problems(shownName, [`${shownName}${offset >= 0 ? lineCol(text, offset) : ''}: invalid JSON: ${what}`]);
  }
}

/** `:line:col` (both from 1) of a character offset. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `:${line}:${offset - before.lastIndexOf('\n')}`;
}
