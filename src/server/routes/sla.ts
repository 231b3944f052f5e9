// The SLA routes: the breach listing behind `lapor sla overdue` and the auto-close sweep behind
// `lapor sla sweep` (src/server/sla.ts does the work).

import {
  SlaOverdueQuerySchema,
  SlaOverdueResponseSchema,
  SlaSweepRequestSchema,
  SlaSweepResponseSchema,
} from '../../domain/sla.js';
import type { Declared } from '../app.js';
import { ADVISORY_LOCKS } from '../db/advisoryLocks.js';
import { listOverdue, sweepAutoClose } from '../sla.js';
import {
  SlaPolicyIdParamsSchema,
  SlaPolicyListResponseSchema,
  SlaPolicySetRequestSchema,
  SlaPolicySetResponseSchema,
} from '../../domain/sla.js';
import { addPolicies } from '../slaPolicies.js';
import { about, ProblemError } from '../problem.js';

export function registerSlaRoutes({ declare, store, db }: Declared): void {
  declare(
    {
      method: 'GET',
      url: '/v1/sla/overdue',
      summary: 'Open cases past a clock’s due time, most overdue first, with working days and hours overdue',
      auth: true,
      // statisticians receive aggregates only, never individual cases
      roles: ['national_admin', 'institution_admin', 'liaison', 'system'],
      query: SlaOverdueQuerySchema,
      response: SlaOverdueResponseSchema,
    },
    async ({ actor, query }) => listOverdue(store, actor, query),
  );

  declare(
    {
      method: 'POST',
      url: '/v1/sla/sweep',
      summary: 'Auto-close (closedBy system) in-progress cases silent for the working-day window after the last follow-up; idempotent',
      auth: true,
      roles: ['system', 'national_admin'],
      body: SlaSweepRequestSchema,
      response: SlaSweepResponseSchema,
      problems: [409],
    },
    async ({ actor, body, request }) => {
      if (body.dryRun) return sweepAutoClose(store, actor, body, request.id); // changes nothing: no lock
      // one sweep at a time across every API instance and cron host (advisoryLocks.ts says why session-scoped)
      const lock = await db.trySessionLock(ADVISORY_LOCKS.slaSweep);
      if (!lock) throw new ProblemError(409, 'sweep-running', 'another SLA sweep is running; run this one again when it has finished');
      try {
        return await sweepAutoClose(store, actor, body, request.id);
      } finally {
        await lock.release();
      }
    },
  );

  // ---- SLA policies (issue #19): national admins only ----

  declare(
    {
      method: 'GET',
      url: '/v1/sla/policies',
      summary: 'Every version of every SLA policy (conditions → targets per clock, effective from a date)',
      auth: true,
      roles: ['national_admin'],
      response: SlaPolicyListResponseSchema,
    },
    async () => {
      await store.reloadPolicies();
      return { items: store.policies };
    },
  );

  declare(
    {
      method: 'GET',
      url: '/v1/sla/policies/:id',
      summary: 'The versions of one SLA policy, oldest first',
      auth: true,
      roles: ['national_admin'],
      params: SlaPolicyIdParamsSchema,
      response: SlaPolicyListResponseSchema,
    },
    async ({ params }) => {
      await store.reloadPolicies();
      const items = store.policies.filter((p) => p.id === params.id);
      if (items.length === 0) {
        throw new ProblemError(404, 'not-found', `SLA policy ${params.id} not found`, undefined, undefined, about('sla-policy-not-found', { name: params.id }));
      }
      return { items };
    },
  );

  declare(
    {
      method: 'POST',
      url: '/v1/sla/policies',
      summary:
        'Add SLA policy versions (all or none). A version is never rewritten; a new version of a policy takes effect today or later, so earlier cases keep their deadlines',
      auth: true,
      roles: ['national_admin'],
      body: SlaPolicySetRequestSchema,
      response: SlaPolicySetResponseSchema,
      problems: [422],
    },
    async ({ actor, body }) => {
      const items = await store.db.transaction((tx) =>
        addPolicies(tx, body.items, actor.name, store.options.now(), store.options.settings.utcOffsetMinutes, {
          institutionExists: store.institutionExists,
          categoryExists: store.categoryExists,
        }),
      );
      await store.reloadPolicies();
      return { items };
    },
  );
}
