import { SaxesParser } from 'saxes';
import { keyedRows, NotRecordsError } from './records-table.js';

/** An element as the record finder needs it: its name, attributes, element children and text. */
interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Records of an XML export: one table per run of repeated elements, as json-records.ts does for JSON. */
export interface XmlRecords {
  /** The records' element path (`export.clients.client`). */
  path: string;
  header: string[];
  rows: string[][];
}

/** Why a text is not XML records, in one line. */
export class XmlRecordsError extends NotRecordsError {}

/**
 * The repeated elements of an XML export (`<clients><client>...</client>...</clients>`): each run
 * of two or more siblings of one name that hold elements or attributes is a table, a row per
 * element, its attributes (`@id`) and children's text (`adresse.code_postal`) as columns. Throws
 * XmlRecordsError when the text is not well-formed XML or holds no such run.
 */
export function xmlRecords(text: string): XmlRecords[] {
  const root = parse(text);
  const found: XmlRecords[] = [];
  findRuns(root, root.name, found);
  if (found.length === 0) throw new XmlRecordsError('an XML document without repeated records');
  return found;
}

function parse(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let failure: Error | null = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: localName(tag.name), attributes: Object.fromEntries(Object.entries(tag.attributes as Record<string, string>).map(([k, v]) => [localName(k), v])), children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length > 0) stack[stack.length - 1].text += t;
  });
  parser.on('cdata', (t) => {
    if (stack.length > 0) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(text).close();
  if (failure) throw new XmlRecordsError(`not well-formed XML: ${(failure as Error).message.split('\n')[0]}`);
  if (!root) throw new XmlRecordsError('no XML element');
  return root;
}

const localName = (name: string) => name.replace(/^[^:]*:/, '');

function findRuns(node: XmlNode, path: string, found: XmlRecords[]): void {
  const byName = new Map<string, XmlNode[]>();
  for (const child of node.children) {
    const run = byName.get(child.name);
    // Pushed, not copied: a parent of a hundred thousand records is one pass.
    if (run) run.push(child);
    else byName.set(child.name, [child]);
  }
  for (const [name, run] of byName) {
    const isRecord = (n: XmlNode) => n.children.length > 0 || Object.keys(n.attributes).length > 0;
    if (run.length >= 2 && run.every(isRecord)) {
      found.push(table(`${path}.${name}`, run));
      continue;
    }
    for (const child of run) findRuns(child, `${path}.${name}`, found);
  }
}

function table(path: string, records: XmlNode[]): XmlRecords {
  return { path, ...keyedRows(records.map((r) => flatten(r))) };
}

/** A record's values by path: attributes as `@name`, children by name (`adresse.code_postal`), a repeated child's values joined by a space. */
function flatten(node: XmlNode, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(node.attributes)) out.set(prefix ? `${prefix}.@${k}` : `@${k}`, v);
  if (node.children.length === 0) {
    const text = node.text.trim();
    if (prefix && text) out.set(prefix, out.has(prefix) ? `${out.get(prefix)} ${text}` : text);
    return out;
  }
  for (const child of node.children) flatten(child, prefix ? `${prefix}.${child.name}` : child.name, out);
  return out;
}
