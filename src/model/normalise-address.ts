/**
 * One spelling per mailbox, so that a recipient written `"Jeanne MOREL" <Jeanne.Morel@Example.COM>`
 * in a header, `<jeanne.morel@example.com>` in an SMTP envelope and `mailto:jeanne.morel@example.com`
 * in a spreadsheet cell are one address: display name, angle brackets and `mailto:` dropped,
 * white space trimmed, lower case. The local part is case-sensitive in theory (RFC 5321 §2.4) and
 * never in practice; sub-addresses (`jeanne+news@`) are kept: a list holds the address it was given.
 */
export function normaliseAddress(value: string): string {
  let addr = value;
  // Nearly every value is already a bare address: no regex for those.
  if (addr.indexOf('<') >= 0) {
    const angle = /<([^<>]*)>\s*$/.exec(addr);
    if (angle) addr = angle[1];
  }
  if (addr.indexOf(':') >= 0) addr = addr.replace(/^\s*mailto:/i, '');
  return addr.trim().toLowerCase();
}
