/**
 * Password rules for every account kind (merchants, shoppers, invited staff):
 * at least 10 characters, at most 200, and not in the bundled list of common
 * passwords (src/modules/signup/common-passwords.txt when present, plus a
 * small built-in list so the rule never silently disappears).
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../lib/errors.js';
import { projectPath } from '../../lib/paths.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

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
  '1111111111',
  '0000000000',
  'aaaaaaaaaa',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'trustno1trustno1',
  'changeme123',
];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (common) return common;
  common = new Set(BUILT_IN);
  try {
    const file = projectPath('src/modules/signup/common-passwords.txt');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const w = line.trim().toLowerCase();
      if (w) common.add(w);
    }
  } catch {
    // The bundled list is optional; the built-in list still applies.
  }
  return common;
}

/** Throws 400 validation_failed (issue on `field`) when the password is not acceptable. */
export function assertPasswordAcceptable(password: string, field = 'password'): void {
  let message: string | undefined;
  if (password.length < MIN_PASSWORD_LENGTH) message = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  else if (password.length > MAX_PASSWORD_LENGTH) message = `Use at most ${MAX_PASSWORD_LENGTH} characters`;
  else if (commonPasswords().has(password.toLowerCase()))
    message = 'This password is too common; choose another';
  if (message)
    throw new AppError('validation_failed', 'The password is not acceptable', {
      issues: [{ path: field, message }],
    });
}
