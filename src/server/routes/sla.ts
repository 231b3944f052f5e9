// The SLA routes: the breach listing behind `lapor sla overdue` and the auto-close sweep behind
// `lapor sla sweep` (src/server/sla.ts does the work).

import {
  SlaOverdueQuerySchema,
  SlaOverdueResponseSchema,
  SlaSweepRequestSchema,
  SlaSweepResponseSchema,
} from '../../domain/sla.js';
import type { Declared } from '../app.js';
import { listOverdue, sweepAutoClose } from '../sla.js';

export function registerSlaRoutes({ declare, store }: Declared): void {
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
    },
    async ({ actor, body, request }) => sweepAutoClose(store, actor, body, request.id),
  );
}
