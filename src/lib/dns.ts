/**
 * DNS lookups behind an interface so tests inject answers (Deps.dns) and
 * production asks the system resolver. Only what custom-domain verification
 * needs: TXT and CNAME records. A name with no such record answers [] (not an error).
 */
import { promises as dns } from 'node:dns';

export interface DnsResolver {
  resolveTxt(name: string): Promise<string[]>;
  resolveCname(name: string): Promise<string[]>;
}

const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND', 'ENONAME', 'NXDOMAIN']);

async function orEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p;
  } catch (err) {
    if (NO_RECORD.has((err as { code?: string }).code ?? '')) return [];
    throw err;
  }
}

export const systemDns: DnsResolver = {
  async resolveTxt(name) {
    return (await orEmpty(dns.resolveTxt(name))).map((chunks) => chunks.join(''));
  },
  resolveCname: (name) => orEmpty(dns.resolveCname(name)),
};
