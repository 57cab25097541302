import type { Limits as ContractLimits } from '@outloud/contracts';

/**
 * The API limits, copied from `@outloud/contracts` so the bundle does not pull in TypeBox.
 * `satisfies` keeps the copy honest: the build fails if a value drifts from the contract.
 */
export const Limits = {
  titleMax: 200,
  bodyMax: 40_000,
  tagsMax: 10,
  tagPattern: '^[a-z0-9][a-z0-9-]{0,31}$',
  pageDefault: 20,
  pageMax: 100,
  passwordMin: 10,
  handlePattern: '^[a-z0-9_]{3,30}$',
} as const satisfies typeof ContractLimits;

/** Register body limits that the contract states inline rather than in `Limits`. */
export const AccountLimits = {
  emailMax: 254,
  passwordMax: 200,
  displayNameMax: 80,
} as const;

/** Counts characters the way the API's JSON schema validation does (code points). */
export function charCount(value: string): number {
  return Array.from(value).length;
}
