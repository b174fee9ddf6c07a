import type { Entity } from '../model/entities.js';

/** Replaces every digit but the last two: `04 65 71 12 34` → `** ** ** ** 34`. */
function maskDigitsButLast2(value: string): string {
  const digits = value.replace(/\D/g, '').length;
  let seen = 0;
  return value.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
}

/**
 * Masks a detected value for reports and logs (DESIGN.md §1): enough to recognise it, not enough
 * to use it. `jeanne.morel@example.com` → `jea***@***.com`, `MOREL` → `MO***`.
 */
export function maskValue(entity: Entity, value: string): string {
  switch (entity) {
    case 'email': {
      const at = value.lastIndexOf('@');
      const tld = value.slice(value.lastIndexOf('.') + 1);
      // At most half of the local part, so that a short one ("a@...") is never shown whole.
      return `${value.slice(0, Math.min(3, Math.floor(at / 2)))}***@***.${tld}`;
    }
    case 'phone':
    case 'payment-card':
    case 'nir':
      return maskDigitsButLast2(value);
    case 'iban':
    case 'rib':
      return `${value.slice(0, 2)}** **** ${value.replace(/\s/g, '').slice(-3)}`;
    case 'customer-id':
    case 'birth-date':
    case 'meter-id':
      return `***${value.slice(-2)}`;
    default:
      // At most half of the value: "Li" shows "L***", never the whole name.
      return `${value.slice(0, Math.min(2, Math.floor(value.length / 2)))}***`;
  }
}
