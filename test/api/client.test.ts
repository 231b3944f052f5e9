import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import { JSON_HEADERS, TOKEN, closeHarnesses, harness, header, makeCase, makeEvent, type Harness } from './helpers.js';

let h: Harness;

beforeEach(() => {
  h = harness();
});

afterEach(closeHarnesses);

describe('ApiClient happy paths', () => {
  it('health() reads /healthz', async () => {
    h.pool.intercept({ path: '/healthz', method: 'GET' }).reply(200, { status: 'ok', database: 'pglite', version: '0.1.0' }, { headers: JSON_HEADERS });
    await expect(h.client.health()).resolves.toEqual({ status: 'ok', database: 'pglite', version: '0.1.0' });
  });

  it('whoami() sends the bearer token, accept and user-agent', async () => {
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, { name: 'admin-bali', role: 'institution_admin', institutionId: 'bali' }, { headers: JSON_HEADERS });
    await expect(h.client.whoami()).resolves.toEqual({ name: 'admin-bali', role: 'institution_admin', institutionId: 'bali' });
    const [call] = h.calls();
    expect(header(call, 'authorization')).toBe(`Bearer ${TOKEN}`);
    expect(header(call, 'accept')).toBe('application/json, application/problem+json');
    expect(header(call, 'user-agent')).toBe('lapor-test/0.0.0');
  });

  it('sends no Authorization header without a token', async () => {
    h = harness({ token: undefined });
    h.pool.intercept({ path: '/healthz', method: 'GET' }).reply(200, { status: 'ok', database: 'postgres', version: '1' }, { headers: JSON_HEADERS });
    await h.client.health();
    expect(header(h.calls()[0], 'authorization')).toBeUndefined();
  });

  it('listCases() encodes the filters, joins statuses and skips empty ones', async () => {
    const items = [makeCase(), makeCase({ trackingId: 'LAP-2024-000002' })];
    h.pool
      .intercept({
        path: '/v1/cases?status=submitted%2Cpostponed&institution=bali&from=2024-01-01&overdue=verify&q=jalan+rusak&sort=-submittedAt&limit=2',
        method: 'GET',
      })
      .reply(200, { items, nextCursor: 'c2' }, { headers: JSON_HEADERS });
    const page = await h.client.listCases({
      status: ['submitted', 'postponed'],
      institution: 'bali',
      category: undefined,
      from: '2024-01-01',
      overdue: 'verify',
      q: 'jalan rusak',
      sort: '-submittedAt',
      limit: 2,
      cursor: '',
    });
    expect(page).toEqual({ items, nextCursor: 'c2' });
  });

  it('iterateCases() follows the cursor over 3 pages and stops at nextCursor null', async () => {
    const page = (n: number) => [makeCase({ trackingId: `P${n}-1` }), makeCase({ trackingId: `P${n}-2` })];
    h.pool.intercept({ path: '/v1/cases?status=submitted&limit=2', method: 'GET' }).reply(200, { items: page(1), nextCursor: 'cur/2' }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/cases?status=submitted&limit=2&cursor=cur%2F2', method: 'GET' }).reply(200, { items: page(2), nextCursor: 'cur 3' }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/cases?status=submitted&limit=2&cursor=cur+3', method: 'GET' }).reply(200, { items: page(3), nextCursor: null }, { headers: JSON_HEADERS });
    const ids: string[] = [];
    for await (const c of h.client.iterateCases({ status: 'submitted', limit: 2 })) ids.push(c.trackingId);
    expect(ids).toEqual(['P1-1', 'P1-2', 'P2-1', 'P2-2', 'P3-1', 'P3-2']);
    expect(h.calls()).toHaveLength(3);
  });

  it('iterateCases() refuses a cursor that repeats', async () => {
    h.pool.intercept({ path: '/v1/cases', method: 'GET' }).reply(200, { items: [], nextCursor: 'same' }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/cases?cursor=same', method: 'GET' }).reply(200, { items: [], nextCursor: 'same' }, { headers: JSON_HEADERS });
    const run = async () => {
      for await (const c of h.client.iterateCases()) expect(c).toBeUndefined();
    };
    await expect(run()).rejects.toMatchObject({ name: 'ResponseShapeError', at: 'nextCursor' });
  });

  it('getCase() URL-encodes the tracking ID and reads the version from the ETag', async () => {
    const c = makeCase({ trackingId: 'A/B ?#', version: 7 });
    h.pool.intercept({ path: '/v1/cases/A%2FB%20%3F%23', method: 'GET' }).reply(200, c, { headers: { ...JSON_HEADERS, etag: '"7"' } });
    await expect(h.client.getCase('A/B ?#')).resolves.toEqual({ case: c, version: 7, etag: '"7"' });
  });

  it('getCase() encodes a dot-segment ID and falls back to case.version without an ETag', async () => {
    const c = makeCase({ trackingId: '..', version: 3 });
    h.pool.intercept({ path: '/v1/cases/%2E%2E', method: 'GET' }).reply(200, c, { headers: JSON_HEADERS });
    await expect(h.client.getCase('..')).resolves.toEqual({ case: c, version: 3, etag: '"3"' });
  });

  it('caseEvents() returns the items', async () => {
    const events = [makeEvent(), makeEvent({ id: 2, seq: 2, action: 'dispose', fromStatus: 'submitted', toStatus: 'disposed', toInstitution: 'bali.dinkes' })];
    h.pool.intercept({ path: '/v1/cases/LAP-2024-000001/events', method: 'GET' }).reply(200, { items: events }, { headers: JSON_HEADERS });
    await expect(h.client.caseEvents('LAP-2024-000001')).resolves.toEqual(events);
  });

  it('act() sends If-Match quoted, the JSON body, and no Idempotency-Key', async () => {
    const after = makeCase({ status: 'disposed', institutionId: 'bali.dinkes', version: 4 });
    const event = makeEvent({ id: 9, seq: 4, action: 'dispose' });
    h.pool.intercept({ path: '/v1/cases/LAP-2024-000001/actions', method: 'POST' }).reply(200, { case: after, event }, { headers: JSON_HEADERS });
    const result = await h.client.act('LAP-2024-000001', 3, { action: 'dispose', institutionId: 'bali.dinkes', note: 'ke Dinkes' });
    expect(result).toEqual({ case: after, event });
    const [call] = h.calls();
    expect(header(call, 'if-match')).toBe('"3"');
    expect(header(call, 'content-type')).toBe('application/json');
    expect(header(call, 'idempotency-key')).toBeUndefined();
    expect(JSON.parse(call?.body ?? '')).toEqual({ action: 'dispose', institutionId: 'bali.dinkes', note: 'ke Dinkes' });
  });

  it('act() refuses a version that is not a positive integer before sending', async () => {
    await expect(h.client.act('X', 0, { action: 'close' })).rejects.toBeInstanceOf(RangeError);
    expect(h.calls()).toHaveLength(0);
  });

  it('bulk() sends the Idempotency-Key and reports a replay', async () => {
    const response = {
      results: [
        { index: 0, trackingId: 'A', outcome: 'applied', status: 200, version: 2, problem: null },
        { index: 1, trackingId: 'B', outcome: 'failed', status: 412, version: null, problem: { type: 'urn:lapor:stale', title: 'stale version', detail: 'case B is at version 5' } },
      ],
      counts: { applied: 1, skipped: 0, failed: 1 },
    };
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(200, response, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(200, response, { headers: { ...JSON_HEADERS, 'idempotent-replayed': 'true' } });
    const items = [
      { trackingId: 'A', version: 1, action: 'close' as const },
      { trackingId: 'B', version: 4, action: 'archive' as const, reason: 'spam' as const },
    ];
    await expect(h.client.bulk(items, 'key-1')).resolves.toEqual({ response, replayed: false });
    await expect(h.client.bulk(items, 'key-1')).resolves.toEqual({ response, replayed: true });
    for (const call of h.calls()) {
      expect(header(call, 'idempotency-key')).toBe('key-1');
      expect(JSON.parse(call.body ?? '')).toEqual({ items });
    }
  });

  it('bulk() refuses 0 or more than 1,000 items before sending', async () => {
    await expect(h.client.bulk([], 'k')).rejects.toBeInstanceOf(RangeError);
    const many = Array.from({ length: 1001 }, (_, i) => ({ trackingId: `T${i}`, version: 1, action: 'close' as const }));
    await expect(h.client.bulk(many, 'k')).rejects.toBeInstanceOf(RangeError);
    expect(h.calls()).toHaveLength(0);
  });

  it('createCase() posts the new case with the Idempotency-Key', async () => {
    const created = makeCase({ trackingId: 'NEW-1' });
    h.pool.intercept({ path: '/v1/cases', method: 'POST' }).reply(201, created, { headers: JSON_HEADERS });
    const input = { trackingId: 'NEW-1', classification: 'complaint' as const, title: 'Jalan rusak', body: 'Lubang', channel: 'web' };
    await expect(h.client.createCase(input, 'intake-NEW-1')).resolves.toEqual({ case: created, replayed: false });
    expect(header(h.calls()[0], 'idempotency-key')).toBe('intake-NEW-1');
    expect(JSON.parse(h.calls()[0]?.body ?? '')).toEqual(input);
  });

  it('institutions(), categories(), channels() return the items', async () => {
    const inst = [{ id: 'bali', parentId: 'national', name: 'Pemerintah Provinsi Bali', level: 'province', active: true }];
    const cats = [{ id: 'infra', parentId: null, name: 'Infrastruktur', nameEn: 'Infrastructure', institutionHint: null }];
    const chans = [{ id: 'sms_1708', name: 'SMS 1708', nameEn: 'SMS 1708' }];
    h.pool.intercept({ path: '/v1/institutions', method: 'GET' }).reply(200, { items: inst }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/categories', method: 'GET' }).reply(200, { items: cats }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/channels', method: 'GET' }).reply(200, { items: chans }, { headers: JSON_HEADERS });
    await expect(h.client.institutions()).resolves.toEqual(inst);
    await expect(h.client.categories()).resolves.toEqual(cats);
    await expect(h.client.channels()).resolves.toEqual(chans);
  });

  it('calendar() passes the year only when given', async () => {
    const body = { timezoneOffsetMinutes: 480, items: [{ date: '2024-08-17', kind: 'holiday', name: 'Hari Kemerdekaan' }] };
    h.pool.intercept({ path: '/v1/calendar?year=2024', method: 'GET' }).reply(200, body, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/calendar', method: 'GET' }).reply(200, body, { headers: JSON_HEADERS });
    await expect(h.client.calendar(2024)).resolves.toEqual(body);
    await expect(h.client.calendar()).resolves.toEqual(body);
  });

  it('openapi() returns the document', async () => {
    const doc = { openapi: '3.1.0', info: { title: 'lapor', version: '1' }, paths: {} };
    h.pool.intercept({ path: '/openapi.json', method: 'GET' }).reply(200, doc, { headers: JSON_HEADERS });
    await expect(h.client.openapi()).resolves.toEqual(doc);
  });

  it('keeps a path prefix of the base URL', async () => {
    h = harness({ baseUrl: 'http://api.test/lapor/' });
    h.pool.intercept({ path: '/lapor/v1/me', method: 'GET' }).reply(200, { name: 'n', role: 'statistician', institutionId: null }, { headers: JSON_HEADERS });
    await h.client.whoami();
    expect(h.client.baseUrl).toBe('http://api.test/lapor');
  });

  it('refuses a base URL with credentials, without echoing them', () => {
    const make = () => createApiClient({ baseUrl: 'http://user:s3cret@api.test' });
    expect(make).toThrow('the API URL must not contain credentials; use a token');
    expect(() => createApiClient({ baseUrl: 'ftp://api.test' })).toThrow('the API URL must start with http:// or https:// (got ftp:)');
  });
});
