/** The SSRF guard for merchant webhook URLs. */
import { describe, expect, it } from 'vitest';
import { assertPublicTarget, isPrivateAddress } from '../../src/modules/webhooks/target.js';

describe('webhook target guard', () => {
  it('classifies loopback, private, link-local, CGNAT and unique-local addresses as private', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it('refuses URLs whose host is or resolves to a private address', async () => {
    await expect(assertPublicTarget('http://127.0.0.1:8080/hook')).rejects.toThrow(/not a public address/);
    await expect(assertPublicTarget('http://[::1]/hook')).rejects.toThrow(/not a public address/);
    await expect(assertPublicTarget('http://localhost/hook')).rejects.toThrow(/not a public address/);
    await expect(assertPublicTarget('https://93.184.216.34/hook')).resolves.toBeUndefined();
  });
});
