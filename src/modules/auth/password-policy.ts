/**
 * The one password policy, for every account kind (merchant signup and
 * reset, invited staff, platform admins, shoppers). Rules, in order:
 * 10–200 characters (code points, after NFKC like hashing does), not one
 * repeated character, not in the bundled list of common passwords
 * (./common-passwords.txt plus a few built-in entries, compared
 * case-insensitively), and not the account's own email, its local part or
 * the store handle.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../lib/errors.js';
import { projectPath } from '../../lib/paths.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'repetitive' | 'matches_identity';

export interface PasswordCheck {
  ok: boolean;
  problem?: PasswordProblem;
  /** A sentence for the user, when not ok. */
  message?: string;
}

/** Kept in code too, so the rule never depends on the file alone. */
const BUILT_IN = [
  '1234567890',
  '12345678910',
  '0987654321',
  'password12',
  'password123',
  'password1234',
  'qwertyuiop',
  'qwerty12345',
  'qwerty123456',
  '1q2w3e4r5t',
  'iloveyou12',
  'letmein123',
  'welcome123',
  'administrator',
  'passw0rd123',
  'abcdefghij',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'trustno1trustno1',
  'changeme123',
];

let common: Set<string> | undefined;

/** The common-password list, loaded once (≈20k entries, lower-cased). A missing file is an error. */
export function commonPasswords(): Set<string> {
  if (!common) {
    const file = projectPath('src/modules/auth/common-passwords.txt');
    common = new Set(BUILT_IN);
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const w = line.trim().toLowerCase();
      if (w && !w.startsWith('#')) common.add(w);
    }
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}

/**
 * Checks a candidate password. `identity` (email, handle, name) must not be
 * the password itself.
 */
export function checkPasswordStrength(password: string, identity: readonly string[] = []): PasswordCheck {
  const pw = password.normalize('NFKC');
  const length = [...pw].length;
  if (length < MIN_PASSWORD_LENGTH)
    return { ok: false, problem: 'too_short', message: `Use at least ${MIN_PASSWORD_LENGTH} characters` };
  if (length > MAX_PASSWORD_LENGTH)
    return { ok: false, problem: 'too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters` };
  if (new Set(pw).size === 1)
    return { ok: false, problem: 'repetitive', message: 'Do not repeat a single character' };
  if (isCommonPassword(pw))
    return {
      ok: false,
      problem: 'common',
      message: 'This password is too common; choose one that is harder to guess',
    };
  const lower = pw.toLowerCase();
  for (const id of identity) {
    const v = id.trim().toLowerCase();
    if (v && (lower === v || lower === v.split('@')[0]))
      return {
        ok: false,
        problem: 'matches_identity',
        message: 'The password must not be your email or store address',
      };
  }
  return { ok: true };
}

/**
 * Throws 400 validation_failed (issue on `field`) when the password breaks
 * the policy; `identity` as for checkPasswordStrength.
 */
export function assertPasswordAcceptable(
  password: string,
  field = 'password',
  identity: readonly string[] = [],
): void {
  const check = checkPasswordStrength(password, identity);
  if (!check.ok)
    throw new AppError('validation_failed', 'The password is not acceptable', {
      issues: [{ path: field, message: check.message ?? 'Choose a stronger password' }],
    });
}
