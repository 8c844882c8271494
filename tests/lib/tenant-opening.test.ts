/**
 * The tenant opening's text (src/lib/db/tenant-opening.ts). It must stay a
 * statement whose tenant id is a constant PostgreSQL normalises: PG 15's
 * pg_stat_statements keys utility commands (SET LOCAL …) by their text, so a
 * SET opening took one entry per store and 10,000 stores churned its 5,000.
 * The driver tests prove the opening still scopes RLS to the tenant.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tenantOpeningSql } from '../../src/lib/db/tenant-opening.js';

describe('tenant opening', () => {
  it('is BEGIN plus a set_config SELECT; two tenants differ only in the literal', () => {
    const a = randomUUID();
    const b = randomUUID();
    const sa = tenantOpeningSql(a, false);
    const sb = tenantOpeningSql(b, false);
    expect(sa).toBe(`begin; select set_config('app.tenant_id', '${a}', true)`);
    expect(sa.replace(a, '$1')).toBe(sb.replace(b, '$1'));
    expect(sa).not.toMatch(/\bset\s+local\s+app\.tenant_id/i);
  });

  it('a relaxed opening also turns synchronous_commit off for the transaction only', () => {
    const id = randomUUID();
    expect(tenantOpeningSql(id, true)).toBe(
      `begin; select set_config('app.tenant_id', '${id}', true); set local synchronous_commit = off`,
    );
  });

  it('refuses anything but a UUID (the id is written as a literal)', () => {
    expect(() => tenantOpeningSql("x'); drop table products; --", false)).toThrow();
    expect(() => tenantOpeningSql('', true)).toThrow();
  });
});
