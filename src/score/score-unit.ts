import type { PersonKeySet } from './person-key-set.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import type { Finding } from '../model/findings.js';
import type { Unit } from '../model/units.js';
import { scoreTable } from './score-table.js';
import { scoreText } from './score-text.js';

/**
 * Scores one content unit; `keys` identify its people so a message counts distinct people.
 * `headerAddresses` are the message's own From/To/Cc addresses, which are not findings; `detection`
 * the run's settings (the built-in ones when absent).
 */
export function scoreUnit(
  unit: Unit,
  inAttachment: boolean,
  headerAddresses?: ReadonlySet<string>,
  detection?: DetectionSettings,
): { finding: Finding; keys: PersonKeySet } | null {
  return unit.kind === 'table' ? scoreTable(unit, inAttachment, detection) : scoreText(unit, inAttachment, headerAddresses, detection);
}
