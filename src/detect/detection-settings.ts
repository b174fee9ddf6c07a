import type { Entity } from '../model/entities.js';
import { Allowlist } from './allowlist.js';
import { normaliseAddress } from '../model/normalise-address.js';
import type { AllowlistConfig } from './allowlist.js';
import type { Detector } from './detector.js';
import { isRoleAddress } from './detectors/email.js';
import { DETECTORS } from './detectors/index.js';
import { headerLexicon } from './header-lexicon.js';
import type { HeaderLexicon, HeaderWords } from './header-lexicon.js';
import { lazy } from './rules.js';

/** The detection part of the configuration: what the detect and score stages need. */
export interface DetectionConfig {
  /** Detector id → false to turn it off; ids not listed stay on. */
  detectors?: Readonly<Record<string, boolean>>;
  /** Extra column-header words per entity. */
  headerWords?: HeaderWords;
  /** Extra role-address local parts, as regular expressions matched against the whole local part. */
  roleAddresses?: readonly string[];
  allowlist?: AllowlistConfig;
}

/**
 * How detection runs for one scan: built once per run from the configuration, then read for every
 * message. With the built-in defaults every hook is the plain built-in function, so that the hot
 * paths pay nothing for the configuration they do not use.
 */
export interface DetectionSettings {
  /** The detectors that run, in DETECTORS order. */
  readonly detectors: readonly Detector[];
  /** The detector that checks cells of a column of this entity; undefined when it is off. */
  detectorFor(entity: Entity): Detector | undefined;
  readonly headers: HeaderLexicon;
  /** True for an address that is no person's: a role address (contact@, or a configured pattern) or one of the organisation's own. */
  ignoresEmail(address: string): boolean;
  /** Allowlisted values and lines; null when the configuration lists none. */
  readonly allowlist: Allowlist | null;
}

/** Builds the settings of a run; without configuration, the built-in behaviour. */
export function detectionSettings(config: DetectionConfig = {}): DetectionSettings {
  const off = config.detectors ?? {};
  const detectors = DETECTORS.filter((d) => off[d.id] !== false);
  const byEntity = new Map<Entity, Detector>();
  for (const d of detectors) byEntity.set(d.entity, d);
  const { values = [], emails = [], text = [] } = config.allowlist ?? {};
  const allowlist = values.length + emails.length + text.length > 0 ? new Allowlist({ values, emails, text }) : null;
  return {
    detectors,
    detectorFor: (entity) => byEntity.get(entity),
    headers: headerLexicon(config.headerWords),
    ignoresEmail: emailFilter(config.roleAddresses ?? [], allowlist),
    allowlist,
  };
}

/** isRoleAddress itself, or with the configured role patterns and own addresses added. */
function emailFilter(patterns: readonly string[], allowlist: Allowlist | null): (address: string) => boolean {
  const own = allowlist?.hasEmails ? allowlist : null;
  if (patterns.length === 0 && !own) return isRoleAddress;
  // Anchored on the whole local part; a local part is at most 64 characters, which bounds any pattern's cost.
  const roles = patterns.map((p) => new RegExp(`^(?:${p})$`, 'i'));
  return (address) => {
    if (isRoleAddress(address)) return true;
    const bare = normaliseAddress(address);
    const at = bare.lastIndexOf('@');
    const plus = bare.indexOf('+');
    const local = bare.slice(0, plus >= 0 && plus < at ? plus : at);
    for (const r of roles) if (r.test(local)) return true;
    return own !== null && own.hasBareAddress(bare);
  };
}

/** The built-in settings: every detector, the shipped lexicon and role words, no allowlist. */
export const defaultDetection = lazy(() => detectionSettings());
