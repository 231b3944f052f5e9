// Measures `lapor sla sweep`'s server work on a large PostgreSQL table (issue #19): N cases (default
// 1,000,000), of which DUE have passed a deadline, once for each DUE in DUES. Prints, per run, the time of
// the sweep, the rows it selected (due), the breaches it recorded, the plan of its selection, and the time of
// an idle sweep right after. Needs a built dist/ and DATABASE_URL (a server where it may create databases).
//   DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres node scripts/sla-sweep-scale.mjs
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startServer } from '../dist/server/main.js';
import { sweepAutoClose } from '../dist/server/sla.js';

const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL is required');
const N = Number(process.env.N ?? 1_000_000);
const DUES = (process.env.DUES ?? '1000,100000').split(',').map(Number);
const NOW = new Date('2026-06-02T02:00:00Z'); // Tuesday 10:00 WITA
const system = { name: 'bench', role: 'system', institutionId: null };

async function admin(sql) {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(sql);
  await c.end();
}

for (const due of DUES) {
  const name = `lapor_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const server = await startServer({ version: 'bench', dataDir: 'memory://', databaseUrl: url.toString(), now: () => NOW });
  try {
    const t0 = performance.now();
    // disposed cases; the first `due` passed their response deadline yesterday (escalation by rule is 5
    // working days later: not yet), the rest are due in 30 days; completion in 50 days
    await server.db.query(
      `INSERT INTO cases (tracking_id, classification, title, body, channel, status, institution_id, submitted_at, verified_at,
         disposed_at, verify_due_at, response_due_at, completion_due_at, version, last_event_hash, sla_policy_id, sla_policy_from)
       SELECT 'B-' || lpad(n::text, 7, '0'), 'complaint', 'Laporan', 'Isi', 'web', 'disposed', 'badung.dinkes',
         $1::timestamptz - interval '10 days', $1::timestamptz - interval '9 days', $1::timestamptz - interval '9 days',
         $1::timestamptz - interval '6 days',
         CASE WHEN n < $2 THEN $1::timestamptz - interval '1 day' ELSE $1::timestamptz + interval '30 days' END,
         $1::timestamptz + interval '50 days', 2, 'h', 'default', '2000-01-01'
       FROM generate_series(0, $3 - 1) AS n`,
      [NOW.toISOString(), due, N],
    );
    await server.db.exec('ANALYZE cases');
    const loaded = performance.now() - t0;
    const plan = await server.db.query(
      `EXPLAIN SELECT tracking_id FROM cases WHERE next_deadline IS NOT NULL AND next_deadline <= $1
       ORDER BY next_deadline, tracking_id LIMIT 1000 FOR UPDATE SKIP LOCKED`,
      [NOW.toISOString()],
    );
    const before = (await server.db.query(`SELECT n_tup_upd::int AS upd FROM pg_stat_user_tables WHERE relname = 'cases'`))[0].upd;
    const t1 = performance.now();
    const r = await sweepAutoClose(server.store, system, { dryRun: false }, 'bench');
    const swept = performance.now() - t1;
    const t2 = performance.now();
    const idle = await sweepAutoClose(server.store, system, { dryRun: false }, 'bench-idle');
    const idleMs = performance.now() - t2;
    await new Promise((res) => setTimeout(res, 1000)); // statistics are reported asynchronously
    const after = (await server.db.query(`SELECT n_tup_upd::int AS upd FROM pg_stat_user_tables WHERE relname = 'cases'`))[0].upd;
    console.log(
      JSON.stringify({
        cases: N,
        dueCases: due,
        loadSeconds: +(loaded / 1000).toFixed(1),
        sweepSeconds: +(swept / 1000).toFixed(2),
        selected: r.due,
        breachesRecorded: r.breaches,
        escalated: r.escalated.length,
        casesRowsUpdated: after - before,
        idleSweepSeconds: +(idleMs / 1000).toFixed(3),
        idleSelected: idle.due,
        plan: plan.map((p) => p['QUERY PLAN']).join(' | '),
      }),
    );
  } finally {
    await server.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
