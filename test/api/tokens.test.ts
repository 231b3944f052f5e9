// The token methods of the API client against a MockAgent: what is sent, and that answers are validated at
// the edge (a listing that carries a secret field is refused, not passed on).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResponseShapeError } from '../../src/api/errors.js';
import { JSON_HEADERS, closeHarnesses, harness, type Harness } from './helpers.js';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(closeHarnesses);

const INFO = {
  name: 'penghubung-badung-dinkes',
  role: 'liaison',
  institutionId: 'badung.dinkes',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: 'admin',
  expiresAt: null,
  revokedAt: null,
  state: 'active',
};

describe('token methods', () => {
  it('createToken() posts once and returns the secret', async () => {
    const made = { name: 'x', token: 'lpr_x', role: 'liaison', institutionId: 'badung.dinkes', expiresAt: '2027-01-31T00:00:00.000Z' };
    h.pool.intercept({ path: '/v1/tokens', method: 'POST' }).reply(201, made, { headers: JSON_HEADERS });
    const request = { name: 'x', role: 'liaison' as const, institutionId: 'badung.dinkes', expiresAt: '2027-01-31T00:00:00.000Z' };
    await expect(h.client.createToken(request)).resolves.toEqual(made);
    expect(JSON.parse(h.calls()[0]?.body ?? '')).toEqual(request);
  });

  it('listTokens() asks for all only when told; a listing with a secret in it is refused', async () => {
    h.pool.intercept({ path: '/v1/tokens', method: 'GET' }).reply(200, { items: [INFO] }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/tokens?all=true', method: 'GET' }).reply(200, { items: [{ ...INFO, token: 'lpr_bocor' }] }, { headers: JSON_HEADERS });
    await expect(h.client.listTokens()).resolves.toEqual([INFO]);
    await expect(h.client.listTokens({ all: true })).rejects.toBeInstanceOf(ResponseShapeError);
  });

  it('revokeToken() sends DELETE with the name as one path segment', async () => {
    h.pool.intercept({ path: '/v1/tokens/a.b_c-d', method: 'DELETE' }).reply(200, { name: 'a.b_c-d', revokedAt: '2026-12-07T00:00:00.000Z' }, { headers: JSON_HEADERS });
    await expect(h.client.revokeToken('a.b_c-d')).resolves.toEqual({ name: 'a.b_c-d', revokedAt: '2026-12-07T00:00:00.000Z' });
  });
});
