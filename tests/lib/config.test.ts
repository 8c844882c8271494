/**
 * Configuration: defaults that serve local development, and a bad value that
 * stops the process with one line naming the variable (no stack trace).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, storeUrl } from '../../src/lib/config.js';

describe('parseConfig', () => {
  it('accepts an empty environment with development defaults (embedded default)', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:3000',
      apexHost: 'localhost:3000',
      apexHostname: 'localhost',
      TRUST_PROXY: false,
      BODY_LIMIT_BYTES: 1_048_576,
      embedded: true,
      migrateOnStart: true,
      runWorkers: true,
      seedDemo: true,
      isProduction: false,
    });
    expect(c.dataDir).toBe(path.resolve('.data'));
    expect(storeUrl(c, 'demo')).toBe('http://demo.localhost:3000');
  });

  it('listens for change notices unless told not to, and always while the read cache is on', () => {
    expect(parseConfig({}).changeNotices).toBe(true);
    expect(parseConfig({ STORE_READ_CACHE: '0' })).toMatchObject({
      storeReadCache: false,
      changeNotices: true,
    });
    expect(parseConfig({ STORE_READ_CACHE: '0', CHANGE_NOTICES: '0' }).changeNotices).toBe(false);
    expect(parseConfig({ CHANGE_NOTICES: '0' }).changeNotices).toBe(true);
    expect(parseConfig({ NODE_ENV: 'test' })).toMatchObject({ storeReadCache: false, changeNotices: false });
  });

  it('without PUBLIC_URL the apex follows PORT, so the printed URLs are where the server listens', () => {
    const c = parseConfig({ PORT: '4711' });
    expect(c).toMatchObject({ PORT: 4711, PUBLIC_URL: 'http://localhost:4711', apexHost: 'localhost:4711' });
    expect(storeUrl(c, 'demo')).toBe('http://demo.localhost:4711');
    expect(parseConfig({ PORT: '4711', PUBLIC_URL: 'https://shop.example' }).PUBLIC_URL).toBe(
      'https://shop.example',
    );
  });

  it('with DATABASE_URL and REDIS_URL nothing embedded is implied', () => {
    const c = parseConfig({
      DATABASE_URL: 'postgres://u@db:5432/x',
      REDIS_URL: 'redis://cache:6379',
      NODE_ENV: 'production',
      TRUST_PROXY: '1',
      PORT: '8080',
    });
    expect(c).toMatchObject({
      embedded: false,
      runWorkers: false,
      seedDemo: false,
      migrateOnStart: false,
      isProduction: true,
      TRUST_PROXY: true,
      PORT: 8080,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://x.test'],
    ['TRUST_PROXY', 'maybe'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['BODY_LIMIT_BYTES', '10'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration — ${name}: `));
  });

  it('refuses production without DATABASE_URL', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: required/);
  });
});

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the process with a bad environment', () => {
  it('exits non-zero printing exactly one line naming PORT, no stack trace', async () => {
    const res = await run({ PORT: 'abc' });
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration — PORT: /);
    expect(res.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('names every bad variable on that one line', async () => {
    const res = await run({ PORT: 'abc', PUBLIC_URL: 'nope' });
    expect(res.code).not.toBe(0);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT: ');
    expect(lines[0]).toContain('PUBLIC_URL: ');
  });
});
