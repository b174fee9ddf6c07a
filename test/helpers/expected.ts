/**
 * The column evidence every customer table of the fixture generator must give (its header:
 * Nom, Prénom, Adresse, Code postal, Commune, Email, N° abonnement; Activité is not personal).
 */
export const CUSTOMER_COLUMNS = [
  { header: 'Nom', entity: 'last-name' },
  { header: 'Prénom', entity: 'first-name' },
  { header: 'Adresse', entity: 'postal-address' },
  { header: 'Code postal', entity: 'postal-code' },
  { header: 'Commune', entity: 'city' },
  { header: 'Email', entity: 'email' },
  { header: 'N° abonnement', entity: 'customer-id' },
] as const;
