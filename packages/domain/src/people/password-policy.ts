import { dictionary } from '@zxcvbn-ts/language-common';
import { PEOPLE_MSG } from '@klub/contracts';

export const PASSWORD_MIN_LENGTH = 8;

/**
 * The 20 000 most common passwords, as Django's CommonPasswordValidator ships them: here the
 * top of zxcvbn-ts's frequency-ranked list (an MIT-licensed npm package), lower-cased.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].slice(0, 20_000).map((p) => p.toLowerCase()));
  return common;
}

/**
 * The password policy of api.md §12.4 (Django's validators called without a user): every
 * failed rule's message, in Django's order; empty when the password is acceptable.
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(PEOPLE_MSG.passwordTooShort(PASSWORD_MIN_LENGTH));
  if (commonPasswords().has(password.toLowerCase().trim())) problems.push(PEOPLE_MSG.passwordTooCommon);
  if (/^\d+$/.test(password)) problems.push(PEOPLE_MSG.passwordEntirelyNumeric);
  return problems;
}
