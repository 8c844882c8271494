/**
 * The SSRF guard for merchant webhook URLs: the address classifier (literals
 * only), the save-time refusal (400) and the connect-time check (a stub
 * resolver answering a private address is refused before any connection).
 * Only loopback servers are used; no traffic leaves the machine.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertPublicTarget,
  isPrivateAddress,
  postToTarget,
  type Resolver,
} from '../../src/modules/webhooks/target.js';
import { createTestStore } from '../support/factories.js';
import { request, testPlatform } from '../support/platform.js';

const NON_GLOBAL = [
  '127.0.0.1',
  '10.1.2.3',
  '172.20.0.1',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '100.100.100.200',
  '0.0.0.0',
  '0.1.2.3',
  '198.18.0.1',
  '192.0.0.192',
  '192.0.2.1',
  '224.0.0.1',
  '240.0.0.1',
  '255.255.255.255',
  '::',
  '::1',
  '::7f00:1',
  '::a00:1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  '::ffff:8.8.8.8',
  '64:ff9b::7f00:1',
  '64:ff9b::a9fe:a9fe',
  '64:ff9b:1::1',
  '2002:7f00:1::1',
  '2002:a9fe:a9fe::',
  '2001::1',
  '2001:db8::1',
  'fd00::1',
  'fd00:ec2::254',
  'fc00::1',
  'fe80::1',
  'fe80::1%eth0',
  'fec0::1',
  'ff02::1',
  '100::1',
  '[::1]',
  'not-an-ip',
  'localhost',
];
const GLOBAL = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:4700::1111', '2a00:1450:4001:80b::200e'];

describe('address classifier', () => {
  it('refuses every non-global IPv4 and IPv6 range', () => {
    for (const a of NON_GLOBAL) expect(isPrivateAddress(a), a).toBe(true);
  });
  it('lets public unicast addresses pass', () => {
    for (const a of GLOBAL) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('URL check', () => {
  it('refuses URLs whose host is or resolves to a non-public address', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://[::7f00:1]:3000/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::7f00:1]/',
      'http://[2002:7f00:1::]/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://localhost/hook',
    ]) {
      await expect(assertPublicTarget(url), url).rejects.toThrow(/not a public address/);
    }
    await expect(assertPublicTarget('https://93.184.216.34/hook')).resolves.toBeUndefined();
  });

  it('judges every resolved address (one private answer refuses the name)', async () => {
    const stub: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    await expect(assertPublicTarget('https://hooks.example.test/', stub)).rejects.toThrow(/not a public/);
    const ok: Resolver = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(assertPublicTarget('https://hooks.example.test/', ok)).resolves.toBeUndefined();
  });
});

describe('connect-time check (DNS rebinding)', () => {
  let server: http.Server;
  let port = 0;
  let connections = 0;
  let requests = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `http://127.0.0.1:${port}/final` });
        res.end();
        return;
      }
      res.writeHead(204);
      res.end();
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const send = (url: string, allowPrivate: boolean, resolve?: Resolver) =>
    postToTarget(url, {
      headers: { 'content-type': 'application/json' },
      body: '{}',
      timeoutMs: 5000,
      allowPrivate,
      resolve,
    });

  it('refuses a name that resolves to a private address before connecting', async () => {
    const before = connections;
    let asked = 0;
    // The name passed a save-time check earlier; now DNS answers loopback.
    const rebinding: Resolver = async () => {
      asked++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    await expect(send(`http://hooks.example.test:${port}/hook`, false, rebinding)).rejects.toThrow(
      /non-public address/,
    );
    expect(asked).toBe(1);
    expect(connections).toBe(before);
  });

  it('refuses a private IP literal before connecting', async () => {
    const before = connections;
    await expect(send(`http://127.0.0.1:${port}/hook`, false)).rejects.toThrow(/not a public address/);
    await expect(send(`http://[::ffff:127.0.0.1]:${port}/hook`, false)).rejects.toThrow(/not a public/);
    expect(connections).toBe(before);
  });

  it('connects when private targets are allowed, and never follows a redirect', async () => {
    const before = requests;
    expect((await send(`http://127.0.0.1:${port}/hook`, true)).status).toBe(204);
    expect((await send(`http://127.0.0.1:${port}/redirect`, true)).status).toBe(302);
    expect(requests).toBe(before + 2);
  });
});

describe('save-time check', () => {
  it('refuses non-public webhook URLs with 400 when private targets are off', async () => {
    const p = await testPlatform({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    const store = await createTestStore(p.deps);
    const opts = { host: store.host, token: store.owner.token };
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://[::7f00:1]:3000/',
      'http://[64:ff9b::a9fe:a9fe]/latest/meta-data',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost:3000/',
    ]) {
      const res = await request(p.app, 'POST', '/api/admin/webhooks', { ...opts, body: { url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const ok = await request(p.app, 'POST', '/api/admin/webhooks', {
      ...opts,
      body: { url: 'https://93.184.216.34/hook' },
    });
    expect(ok.status).toBe(201);
    const patch = await request(p.app, 'PATCH', `/api/admin/webhooks/${ok.body.id}`, {
      ...opts,
      body: { url: 'http://10.0.0.1/' },
    });
    expect(patch.status).toBe(400);
  });
});
