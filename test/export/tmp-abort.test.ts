import { test } from 'vitest';
import { request } from 'undici';
import { seedCases } from '../../src/server/seed/load.js';
import { startTestServer } from '../helpers/server.js';
test('abort then close (pglite)', async () => {
  const ts = await startTestServer('pglite', { now: new Date('2025-01-10T00:00:00Z') });
  await seedCases(ts.server.db, { count: 3000, years: [2024, 2024], seed: 5, now: '2025-01-10T00:00:00.000Z' });
  const mode = process.env.MODE;
  if (process.env.FULL) { const r = await request(`${ts.url}/v1/exports/cases?year=2024&profile=full`, { headers: { authorization: `Bearer ${ts.tokens.admin}` } }); await r.body.text(); }
  for (let i = 0; i < Number(process.env.N ?? 1); i++) {
    const controller = new AbortController();
    const res = await request(`${ts.url}/v1/exports/cases?profile=full`, { headers: { authorization: `Bearer ${ts.tokens.admin}` }, signal: controller.signal });
    for await (const _c of res.body) { controller.abort(); break; }
  }
  if (process.env.ALL) { const r = await request(`${ts.url}/v1/exports/cases`, { headers: { authorization: `Bearer ${ts.tokens.admin}` } }); await r.body.text(); }
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  await ts.server.app.close();
  process.stderr.write(`T app.close ${Math.round(performance.now() - t0)}\n`);
  const t1 = performance.now();
  await ts.close();
  process.stderr.write(`T ts.close ${Math.round(performance.now() - t1)}\n`);
}, 300000);
