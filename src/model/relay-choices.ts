/**
 * The relay's choices as the configuration and the command line name them (`relay.onBlock`,
 * `--on-block`; `relay.onError`, `--on-error`): vocabulary of the configuration, shared by
 * config/ (which checks it), cli/ (which offers it) and relay/ (which acts on it).
 */

/** What the filter does with a blocked (or unscannable) message. */
export const ON_BLOCK = ['reject', 'quarantine', 'tag'] as const;
export type OnBlock = (typeof ON_BLOCK)[number];

/** What the filter does with a message it could not scan (timeout, over the size limit, failure). */
export const ON_ERROR = ['defer', 'reject', 'pass'] as const;
export type OnError = (typeof ON_ERROR)[number];
