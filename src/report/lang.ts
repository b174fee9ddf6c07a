/** The languages of reports and refusal texts. Apart from i18n.ts so that the command line can read LANG without loading every text. */
export type Lang = 'fr' | 'en';

/** French when LANG (or LC_ALL, LC_MESSAGES) says so, English otherwise. */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return value.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
