// The audit route: GET /v1/audit/verify checks one page of cases' hash chains (src/server/audit.ts does the
// work); `lapor audit verify` follows nextCursor to the end. National admins and the system only: the
// check reads every case, whatever its institution.

import { AuditVerifyQuerySchema, AuditVerifyResponseSchema } from '../../domain/audit.js';
import type { Declared } from '../app.js';
import { verifyAuditPage } from '../audit.js';

export function registerAuditRoutes({ declare, db }: Declared): void {
  declare(
    {
      method: 'GET',
      url: '/v1/audit/verify',
      summary: "Check a page of cases' hash-chained events against the case rows (edited, deleted, reordered rows); keyset cursor",
      auth: true,
      roles: ['national_admin', 'system'],
      query: AuditVerifyQuerySchema,
      response: AuditVerifyResponseSchema,
    },
    async ({ query }) => verifyAuditPage(db, query),
  );
}
