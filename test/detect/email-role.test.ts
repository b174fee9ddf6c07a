import { describe, expect, it } from 'vitest';
import { isRoleAddress } from '../../src/detect/detectors/email.js';

describe('isRoleAddress', () => {
  it.each([
    // role words, whole or first word
    'contact@mairie.example.org',
    'mairie@example.org',
    'dpo@example.com',
    'noreply@example.com',
    'no-reply@example.com',
    'ne-pas-repondre@example.org',
    'etat-civil@mairie.example.org',
    'service.clients@example.net',
    'accueil.toulon@example.org',
    'info+news@example.com',
    'CONTACT@example.com',
    // hyphenated words with no given name among them
    'petite-enfance@mairie.example.org',
    'affaires-scolaires@mairie.example.org',
    'marches-publics@mairie.example.org',
    // plural of a role word
    'cimetieres@mairie.example.org',
    'services@example.com',
    // only digits
    '12345@example.com',
    // function words, French and English, besides the services of a town hall
    'devis@plomberie.example.fr',
    'factures@example.fr',
    'commandes.web@example.fr',
    'sav@example.fr',
    'compta@example.fr',
    'rh@example.fr',
    'recrutement@example.fr',
    'achats@example.fr',
    'billing@example.com',
    'invoices@example.com',
    'orders@example.com',
    'careers@example.com',
    'payroll@example.com',
    'procurement@example.com',
  ])('%s is a role address', (email) => {
    expect(isRoleAddress(email)).toBe(true);
  });

  it.each([
    'jeanne.morel@example.com',
    'j.morel83@mail.example.net',
    'jean-pierre.roux@example.org',
    'morel.jeanne@example.com',
    'jmorel@example.com',
    'jeanne_morel@example.net',
    'jeanne.morel+promo@example.com',
    'jean-pierre@example.org',
    'anne-sophie.durand@example.com',
    'paul@example.fr',
  ])('%s is a person', (email) => {
    expect(isRoleAddress(email)).toBe(false);
  });

  it.each(['le-gall@example.com', 'de-la-tour@example.org'])('%s is a person: a surname particle is not a service', (email) => {
    expect(isRoleAddress(email)).toBe(false);
  });
});
