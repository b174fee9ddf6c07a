import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/sources/collect-files.js';
import { InputError } from '../../src/sources/input-error.js';

let root: string;
let server: net.Server;
const at = (...p: string[]) => path.join(root, ...p);
const file = (p: string) => ({ kind: 'file', path: p });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pii-scan-collect-'));
  // tree/ b.eml, a/ (z.eml, m/ c.eml), .hidden.eml, .git/ x.eml, link.eml -> b.eml, sock
  for (const dir of ['tree/a/m', 'tree/.git']) await mkdir(at(dir), { recursive: true });
  for (const f of ['tree/b.eml', 'tree/a/z.eml', 'tree/a/m/c.eml', 'tree/.hidden.eml', 'tree/.git/x.eml', 'tree/A.eml', 'other.eml']) await writeFile(at(f), 'x');
  await symlink(at('tree/b.eml'), at('tree/link.eml'));
  await mkdir(at('sockdir'));
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(at('sockdir', 'relay.sock'), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(root, { recursive: true, force: true });
});

describe('collectFiles', () => {
  it('walks folders in name order, skips hidden entries (and says how many) and reports symlinks without following them', async () => {
    expect(await collectFiles([at('tree')])).toEqual({
      inputs: [file(at('tree/A.eml')), file(at('tree/a/m/c.eml')), file(at('tree/a/z.eml')), file(at('tree/b.eml'))],
      notes: [`${at('tree')}: 2 hidden entries (name starting with a dot) not read`, `${at('tree/link.eml')}: symbolic link not followed`],
    });
  });

  it('keeps command-line order across several paths, with - as standard input', async () => {
    expect(await collectFiles([at('other.eml'), '-', at('tree/a/m')])).toEqual({
      inputs: [file(at('other.eml')), { kind: 'stdin' }, file(at('tree/a/m/c.eml'))],
      notes: [],
    });
  });

  it('follows a symlink named on the command line', async () => {
    expect(await collectFiles([at('tree/link.eml')])).toEqual({ inputs: [file(at('tree/link.eml'))], notes: [] });
  });

  it('notes a socket inside a folder and goes on', async () => {
    expect(await collectFiles([at('sockdir')])).toEqual({ inputs: [], notes: [`${at('sockdir/relay.sock')}: not a regular file (socket or device), not read`] });
  });

  it.each([
    ['a missing path', () => at('nope.eml'), () => `${at('nope.eml')}: no such file or directory`],
    ['a socket given directly', () => at('sockdir/relay.sock'), () => `${at('sockdir/relay.sock')}: not a regular file (socket, device or pipe)`],
  ])('throws InputError for %s', async (_name, input, message) => {
    const err = await collectFiles([input()]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(message());
  });

  it('stops at a missing path even after good ones', async () => {
    await expect(collectFiles([at('other.eml'), at('missing')])).rejects.toThrow(`${at('missing')}: no such file or directory`);
  });
});
