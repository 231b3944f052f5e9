// The token policy (src/domain/tokens.ts) as a table: every creator (role × bound/unbound) × every role ×
// every binding gives one answer, written out here, so a loosened rule fails.

import { describe, expect, it } from 'vitest';
import { BINDING, canManage, grantRefusal, GRANTS, parseExpiry, TOKEN_MANAGERS, tokenState, tokenUsable } from '../../src/domain/tokens.js';
import { ROLES, type Actor, type Role } from '../../src/domain/types.js';

// badung.dinkes inside badung; denpasar apart
const PATHS: Record<string, string> = { badung: '/bali/badung/', 'badung.dinkes': '/bali/badung/badung.dinkes/', denpasar: '/bali/denpasar/' };
const isWithin = (id: string, root: string) => PATHS[id] !== undefined && PATHS[root] !== undefined && PATHS[id].startsWith(PATHS[root]);

type Binding = null | 'badung' | 'badung.dinkes' | 'denpasar';
const BINDINGS: Binding[] = [null, 'badung', 'badung.dinkes', 'denpasar'];

/** The expected answer: 'ok', or the refusal's status and field. */
function expected(creator: Actor, role: Role, at: Binding): string {
  const national = role === 'national_admin' || role === 'system';
  const institutional = role === 'institution_admin' || role === 'liaison';
  if (national && at !== null) return '422 institutionId';
  if (institutional && at === null) return '422 institutionId';
  const grants: Record<Role, Role[]> = {
    national_admin: [...ROLES],
    institution_admin: ['institution_admin', 'liaison'],
    liaison: [],
    statistician: [],
    system: [],
  };
  if (!grants[creator.role].includes(role)) return '403 role';
  if (creator.institutionId !== null && (at === null || !isWithin(at, creator.institutionId))) return '403 institutionId';
  return 'ok';
}

describe('token policy', () => {
  it('the role order and bindings, as data', () => {
    expect(GRANTS).toEqual({
      national_admin: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
      institution_admin: ['institution_admin', 'liaison'],
      liaison: [],
      statistician: [],
      system: [],
    });
    expect(BINDING).toEqual({ national_admin: 'never', system: 'never', institution_admin: 'always', liaison: 'always', statistician: 'either' });
    expect(TOKEN_MANAGERS).toEqual(['national_admin', 'institution_admin']);
  });

  it('grantRefusal: every creator × role × binding', () => {
    const creators: Actor[] = [];
    for (const role of ROLES) for (const at of BINDINGS) creators.push({ name: `${role}@${at}`, role, institutionId: at });
    let cells = 0;
    for (const creator of creators) {
      for (const role of ROLES) {
        for (const at of BINDINGS) {
          const r = grantRefusal(creator, role, at, isWithin);
          expect(r === null ? 'ok' : `${r.status} ${r.field}`, `${creator.name} creates ${role}@${at}`).toBe(expected(creator, role, at));
          cells += 1;
        }
      }
    }
    expect(cells).toBe(5 * 4 * 5 * 4);
    // the holes of issue 15: a bound creator never makes an unbound or national token
    for (const creator of creators.filter((c) => c.institutionId !== null)) {
      for (const role of ROLES) expect(grantRefusal(creator, role, null, isWithin), `${creator.name} → ${role} unbound`).not.toBeNull();
      expect(grantRefusal(creator, 'national_admin', creator.institutionId, isWithin)).not.toBeNull();
    }
  });

  it('canManage: national admins all; institution admins their subtree and grantable roles', () => {
    const national: Actor = { name: 'n', role: 'national_admin', institutionId: null };
    const badung: Actor = { name: 'b', role: 'institution_admin', institutionId: 'badung' };
    const liaison: Actor = { name: 'l', role: 'liaison', institutionId: 'badung.dinkes' };
    expect(canManage(national, { role: 'system', institutionId: null }, isWithin)).toBe(true);
    expect(canManage(badung, { role: 'liaison', institutionId: 'badung.dinkes' }, isWithin)).toBe(true);
    expect(canManage(badung, { role: 'institution_admin', institutionId: 'badung' }, isWithin)).toBe(true);
    expect(canManage(badung, { role: 'liaison', institutionId: 'denpasar' }, isWithin)).toBe(false);
    expect(canManage(badung, { role: 'statistician', institutionId: 'badung' }, isWithin)).toBe(false);
    expect(canManage(badung, { role: 'national_admin', institutionId: null }, isWithin)).toBe(false);
    expect(canManage(liaison, { role: 'liaison', institutionId: 'badung.dinkes' }, isWithin)).toBe(false);
  });

  it('tokenUsable: revoked, expired and bound national tokens do not authenticate', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const ok = { role: 'liaison' as Role, institutionId: 'badung.dinkes', revokedAt: null, expiresAt: null };
    expect(tokenUsable(ok, now)).toBe(true);
    expect(tokenUsable({ ...ok, revokedAt: '2025-12-31T00:00:00.000Z' }, now)).toBe(false);
    expect(tokenUsable({ ...ok, expiresAt: '2026-01-01T00:00:00.000Z' }, now)).toBe(false);
    expect(tokenUsable({ ...ok, expiresAt: '2026-01-01T00:00:00.001Z' }, now)).toBe(true);
    expect(tokenUsable({ ...ok, role: 'national_admin' }, now)).toBe(false);
    expect(tokenUsable({ ...ok, role: 'system' }, now)).toBe(false);
    expect(tokenUsable({ ...ok, role: 'national_admin', institutionId: null }, now)).toBe(true);
    expect(tokenUsable({ ...ok, role: 'liaison', institutionId: null }, now)).toBe(false);
    expect(tokenState({ revokedAt: null, expiresAt: '2025-01-01T00:00:00.000Z' }, now)).toBe('expired');
  });

  it('parseExpiry: durations, dates and instants; anything else is null', () => {
    const now = new Date('2026-12-07T15:00:00Z');
    expect(parseExpiry('90d', now)).toBe('2027-03-07T15:00:00.000Z');
    expect(parseExpiry('12h', now)).toBe('2026-12-08T03:00:00.000Z');
    expect(parseExpiry('2w', now)).toBe('2026-12-21T15:00:00.000Z');
    expect(parseExpiry('2027-01-31', now)).toBe('2027-01-31T00:00:00.000Z');
    expect(parseExpiry('2027-01-31T08:00:00+08:00', now)).toBe('2027-01-31T00:00:00.000Z');
    for (const bad of ['0d', '90', 'd', '2027-02-30', '90 days', '', '-1d']) expect(parseExpiry(bad, now), bad).toBeNull();
  });
});
