import type { Entity } from '../../model/entities.js';
import type { Detector } from '../detector.js';
import { birthDateDetector, cityDetector, customerIdDetector } from './customer-id.js';
import { emailDetector } from './email.js';
import { ibanDetector, ribDetector } from './bank.js';
import { siretDetector, sirenDetector, vatFrDetector } from './company-ids.js';
import { meterIdDetector } from './meter-id.js';
import { nirDetector } from './nir.js';
import { paymentCardDetector } from './payment-card.js';
import { firstNameDetector, fullNameDetector, lastNameDetector } from './person-name.js';
import { phoneDetector } from './phone.js';
import { postalCodeDetector } from './postal-code.js';
import { streetAddressDetector } from './street-address.js';

/** Every detector. A new detector is one file and one line here. */
export const DETECTORS: readonly Detector[] = [
  emailDetector,
  phoneDetector,
  postalCodeDetector,
  streetAddressDetector,
  fullNameDetector,
  firstNameDetector,
  lastNameDetector,
  customerIdDetector,
  birthDateDetector,
  cityDetector,
  nirDetector,
  ibanDetector,
  paymentCardDetector,
  ribDetector,
  siretDetector,
  sirenDetector,
  vatFrDetector,
  meterIdDetector,
];

const byEntity = new Map<Entity, Detector>(DETECTORS.map((d) => [d.entity, d]));

/** The detector that checks cells of a column of this entity. */
export function detectorFor(entity: Entity): Detector | undefined {
  return byEntity.get(entity);
}

/**
 * Detectors whose cell test is specific enough to name a column without a header
 * (a column of 90 % e-mail addresses is an e-mail column whatever its header says).
 * Surnames, cities, birth dates and customer numbers need their header.
 */
export const VALUE_ONLY_ENTITIES: readonly Entity[] = ['email', 'phone', 'postal-address', 'full-name', 'first-name', 'postal-code', 'nir', 'iban', 'rib', 'payment-card'];
