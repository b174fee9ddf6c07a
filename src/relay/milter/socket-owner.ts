import { readFileSync } from 'node:fs';

/**
 * `USER`, `USER:GROUP` or `:GROUP` (names or numbers) as the owner of the milter's Unix socket, in
 * numeric ids (-1: left as it is). Names are looked up in /etc/passwd and /etc/group, as chown(1)
 * does on a system without a directory service. Throws an Error naming what is unknown.
 */
export function parseSocketOwner(value: string, files = { passwd: '/etc/passwd', group: '/etc/group' }): { uid: number; gid: number } {
  const [user = '', group = ''] = value.split(':');
  if (!user && !group) throw new Error(`expected USER, USER:GROUP or :GROUP, got "${value}"`);
  const idOf = (name: string, file: string, what: string): number => {
    if (!name) return -1;
    if (/^\d+$/.test(name)) return Number(name);
    const line = readFileSync(file, 'utf8').split('\n').find((l) => l.split(':')[0] === name);
    if (!line) throw new Error(`no ${what} named "${name}" in ${file}`);
    return Number(line.split(':')[2]);
  };
  return { uid: idOf(user, files.passwd, 'user'), gid: idOf(group, files.group, 'group') };
}
