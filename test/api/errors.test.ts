import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  ClientError,
  ConflictError,
  NotFoundError,
  PreconditionError,
  ResponseShapeError,
  ServerError,
  ValidationError,
  formatWait,
} from '../../src/api/errors.js';
import { formatIssuePath } from '../../src/api/client.js';
import { JSON_HEADERS, PROBLEM_HEADERS, closeHarnesses, harness, makeCase, rejection } from './helpers.js';

afterEach(closeHarnesses);

const problem = (status: number, title: string, detail?: string, errors?: { field: string; message: string }[]) => ({
  type: `https://lapor.example/problems/${status}`,
  title,
  status,
  ...(detail === undefined ? {} : { detail }),
  ...(errors === undefined ? {} : { errors }),
});

describe('problem+json → typed errors', () => {
  it('404 → NotFoundError with the detail, type, request id and a readable message', async () => {
    const h = harness();
    h.pool
      .intercept({ path: '/v1/cases/X', method: 'GET' })
      .reply(404, problem(404, 'Not Found', 'case not found'), { headers: { ...PROBLEM_HEADERS, 'x-request-id': 'req-42' } });
    const e = await rejection(h.client.getCase('X'));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toBeInstanceOf(ClientError);
    expect(e).toMatchObject({
      kind: 'not_found',
      status: 404,
      type: 'https://lapor.example/problems/404',
      problem: null,
      title: 'Not Found',
      detail: 'case not found',
      requestId: 'req-42',
      method: 'GET',
      path: '/v1/cases/X',
      errors: [],
    });
    expect((e as Error).message).toBe('HTTP 404: case not found (GET /v1/cases/X)');
    expect(h.calls()).toHaveLength(1);
  });

  it('400 with per-field errors → ValidationError; the message names the path without the query', async () => {
    const h = harness();
    const errors = [{ field: 'limit', message: 'must be at most 500' }];
    h.pool
      .intercept({ path: '/v1/cases?q=rahasia&limit=900', method: 'GET' })
      .reply(400, problem(400, 'Bad Request', 'invalid query', errors), { headers: PROBLEM_HEADERS });
    const e = await rejection(h.client.listCases({ q: 'rahasia', limit: 900 }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e).toMatchObject({ kind: 'validation', status: 400, errors, path: '/v1/cases' });
    expect((e as Error).message).toBe('HTTP 400: invalid query (GET /v1/cases)');
    expect((e as Error).message).not.toContain('rahasia');
  });

  it('422 → ValidationError, 409 → ConflictError (POST with a key is not retried on 4xx)', async () => {
    const h = harness();
    const items = [{ trackingId: 'A', version: 1, action: 'close' as const }];
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(422, problem(422, 'Unprocessable', 'key reused with another body'), { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(409, problem(409, 'Conflict', 'a request with this key is in flight'), { headers: PROBLEM_HEADERS });
    await expect(h.client.bulk(items, 'k')).rejects.toBeInstanceOf(ValidationError);
    const e = await rejection(h.client.bulk(items, 'k'));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e).toMatchObject({ kind: 'conflict', status: 409 });
    expect(h.calls()).toHaveLength(2);
    expect(h.sleeps).toEqual([]);
  });

  it('401 and 403 → AuthError', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(401, problem(401, 'Unauthorized', 'token unknown or revoked'), { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/institutions', method: 'GET' }).reply(403, problem(403, 'Forbidden'), { headers: PROBLEM_HEADERS });
    await expect(h.client.whoami()).rejects.toMatchObject({ name: 'AuthError', kind: 'auth', status: 401 });
    const e = await rejection(h.client.institutions());
    expect(e).toBeInstanceOf(AuthError);
    expect((e as Error).message).toBe('HTTP 403: Forbidden (GET /v1/institutions)');
  });

  it('412 and 428 → PreconditionError', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).reply(412, problem(412, 'Precondition Failed', 'case A changed: now version 5'), { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).reply(428, problem(428, 'Precondition Required', 'If-Match is required'), { headers: PROBLEM_HEADERS });
    await expect(h.client.act('A', 4, { action: 'close' })).rejects.toMatchObject({ kind: 'precondition', status: 412, detail: 'case A changed: now version 5' });
    const e = await rejection(h.client.act('A', 4, { action: 'close' }));
    expect(e).toBeInstanceOf(PreconditionError);
    expect((e as ApiError).status).toBe(428);
  });

  it('500 with a non-JSON body → ServerError titled by the status text, not retried', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/channels', method: 'GET' }).reply(500, '<html>oops</html>', { headers: { 'content-type': 'text/html' } });
    const e = await rejection(h.client.channels());
    expect(e).toBeInstanceOf(ServerError);
    expect(e).toMatchObject({ kind: 'server', status: 500, type: 'about:blank', title: 'internal server error', detail: null });
    expect((e as Error).message).toBe('HTTP 500: internal server error (GET /v1/channels)');
    expect(h.calls()).toHaveLength(1);
  });

  it('another 4xx → a plain ApiError of kind client', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/categories', method: 'GET' }).reply(413, problem(413, 'Payload Too Large'), { headers: PROBLEM_HEADERS });
    const e = await rejection(h.client.categories());
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ name: 'ApiError', kind: 'client', status: 413 });
  });

  it('toJSON() gives the fields a script needs', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/cases/Z', method: 'GET' }).reply(404, problem(404, 'Not Found', 'case not found'), { headers: PROBLEM_HEADERS });
    const e = await rejection(h.client.getCase('Z'));
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'NotFoundError',
      code: 'LAPOR_ERR_NOT_FOUND',
      message: 'HTTP 404: case not found (GET /v1/cases/Z)',
      method: 'GET',
      path: '/v1/cases/Z',
      kind: 'not_found',
      status: 404,
      type: 'https://lapor.example/problems/404',
      problem: null,
      title: 'Not Found',
      detail: 'case not found',
      reason: null,
      params: {},
      errors: [],
      requestId: null,
      retryAfterMs: null,
    });
  });
});

describe('responses that do not match the schema', () => {
  it('names the path of the first mismatch', async () => {
    const h = harness();
    const bad = { items: [makeCase(), { ...makeCase(), status: 'lost' }], nextCursor: null };
    h.pool.intercept({ path: '/v1/cases', method: 'GET' }).reply(200, bad, { headers: { ...JSON_HEADERS, 'x-request-id': 'r-7' } });
    const e = await rejection(h.client.listCases());
    expect(e).toBeInstanceOf(ResponseShapeError);
    expect(e).toMatchObject({ at: 'items[1].status', status: 200, requestId: 'r-7', method: 'GET', path: '/v1/cases' });
    expect((e as Error).message).toMatch(/^unexpected response from the API: items\[1\]\.status: .+ \(GET \/v1\/cases\)$/);
  });

  it('rejects a missing field of a single case', async () => {
    const h = harness();
    const { version: _dropped, ...noVersion } = makeCase();
    h.pool.intercept({ path: '/v1/cases/A', method: 'GET' }).reply(200, noVersion, { headers: JSON_HEADERS });
    await expect(h.client.getCase('A')).rejects.toMatchObject({ name: 'ResponseShapeError', at: 'version' });
  });

  it('a body that is not JSON → ResponseShapeError at the body', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, 'hello', { headers: { 'content-type': 'text/plain' } });
    const e = await rejection(h.client.whoami());
    expect(e).toMatchObject({ name: 'ResponseShapeError', at: '' });
    expect((e as Error).message).toBe('unexpected response from the API: the body: not valid JSON (GET /v1/me)');
  });

  it('formatIssuePath() writes indexes and odd keys readably', () => {
    expect(formatIssuePath(['items', 3, 'status'])).toBe('items[3].status');
    expect(formatIssuePath([0, 'a-b'])).toBe('[0]["a-b"]');
    expect(formatIssuePath([])).toBe('');
  });

  it('formatWait() rounds up to seconds, minutes, hours', () => {
    expect(formatWait(93_000)).toBe('93 s');
    expect(formatWait(1)).toBe('1 s');
    expect(formatWait(20 * 60_000)).toBe('20 min');
    expect(formatWait(3 * 3600_000)).toBe('3 h');
    expect(formatWait(3 * 3600_000 + 5 * 60_000)).toBe('3 h 5 min');
  });
});
