import type { PersonKeySet } from './person-key-set.js';
import type { Finding } from '../model/findings.js';
import type { Unit } from '../model/units.js';
import { scoreTable } from './score-table.js';
import { scoreText } from './score-text.js';

/** What scoring needs to know of the message around a unit. */
export interface ScoreContext {
  /** The message's own From/To/Cc addresses, which are not findings. */
  headerAddresses?: ReadonlySet<string>;
  /** Sees every personal e-mail value the unit's scorer counts (the mass-mailing check). */
  onEmail?: (value: string) => void;
}

/** Scores one content unit; `keys` identify its people so a message counts distinct people. */
export function scoreUnit(unit: Unit, inAttachment: boolean, context: ScoreContext = {}): { finding: Finding; keys: PersonKeySet } | null {
  return unit.kind === 'table' ? scoreTable(unit, inAttachment, context.onEmail) : scoreText(unit, inAttachment, context.headerAddresses, context.onEmail);
}
