/**
 * The platform's password rules, shared by merchant signup, merchant password
 * reset and shopper accounts (helper code elsewhere calls
 * `checkPasswordStrength`). Rules: 10–200 characters, not one repeated
 * character, not in the bundled list of common passwords
 * (./common-passwords.txt, compared case-insensitively), and not the
 * account's own email or store handle.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../lib/paths.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'repetitive' | 'matches_identity';

export interface PasswordCheck {
  ok: boolean;
  problem?: PasswordProblem;
  /** A sentence for the user, when not ok. */
  message?: string;
}

let common: Set<string> | undefined;

/** The common-password list, loaded once (≈20k entries, lower-cased). */
export function commonPasswords(): Set<string> {
  if (!common) {
    const file = projectPath('src/modules/signup/common-passwords.txt');
    common = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.trim().toLowerCase());
}

/**
 * Checks a candidate password. `identity` (email, handle, name) must not be
 * the password itself. Length counts code points, after NFKC like hashing does.
 */
export function checkPasswordStrength(password: string, identity: string[] = []): PasswordCheck {
  const pw = password.normalize('NFKC');
  const length = [...pw].length;
  if (length < PASSWORD_MIN_LENGTH)
    return {
      ok: false,
      problem: 'too_short',
      message: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
    };
  if (length > PASSWORD_MAX_LENGTH)
    return { ok: false, problem: 'too_long', message: `Use at most ${PASSWORD_MAX_LENGTH} characters` };
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
