import type { PersonKeySet } from './person-key-set.js';
import type { DetectionSettings } from '../detect/detection-settings.js';
import type { Finding } from '../model/findings.js';
import type { Unit } from '../model/units.js';
import { scoreTable } from './score-table.js';
import { scoreText } from './score-text.js';

/** What scoring needs to know of the message and the run around a unit. */
export interface ScoreContext {
  /** The message's own From/To/Cc addresses, which are not findings. */
  headerAddresses?: ReadonlySet<string>;
  /** The run's detectors, header words, role addresses and allowlist (the built-in ones when absent). */
  detection?: DetectionSettings;
  /** Sees every personal e-mail value the unit's scorer counts (the mass-mailing check). */
  onEmail?: (value: string) => void;
}

/** Scores one content unit; `keys` identify its people so a message counts distinct people. */
export function scoreUnit(unit: Unit, inAttachment: boolean, context: ScoreContext = {}): { finding: Finding; keys: PersonKeySet } | null {
  return unit.kind === 'table'
    ? scoreTable(unit, inAttachment, context.detection, context.onEmail)
    : scoreText(unit, inAttachment, context.headerAddresses, context.detection, context.onEmail);
}
