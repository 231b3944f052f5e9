// GET /v1/exports/cases: the streamed CSV export (src/server/export.ts does the work). The body is text/csv in
// the requested dialect; the row count follows as the `x-export-rows` trailer once the last row is sent.

import { z } from 'zod';
import { EXPORT_PROFILE_HEADER, EXPORT_PROFILES, EXPORT_ROWS_TRAILER, ExportQuerySchema } from '../../domain/export.js';
import type { Declared } from '../app.js';
import { auditPiiExport, openExportBody, planExport } from '../export.js';

export function registerExportRoutes({ declare, store, db }: Declared): void {
  declare(
    {
      method: 'GET',
      url: '/v1/exports/cases',
      summary:
        'Cases as CSV, streamed: profile statistical (every role; no free text, no reporter, confidential cases reduced), ' +
        'full (admins; title and body), pii (national admins; reporter identity; purpose required, audited); ' +
        'dialect rfc4180 or excel-id; the caller’s institution subtree only',
      auth: true,
      query: ExportQuerySchema,
      response: z.string(),
      contentType: 'text/csv',
      responseHeaders: {
        'content-disposition': { description: 'attachment; filename="lapor-cases-<profile>-<period>.csv"', required: true },
        'cache-control': { description: 'no-store', required: true },
        [EXPORT_PROFILE_HEADER]: { description: 'The profile of the export', required: true, schema: { type: 'string', enum: [...EXPORT_PROFILES] } },
        trailer: { description: `Announces the ${EXPORT_ROWS_TRAILER} trailer`, required: true },
        [EXPORT_ROWS_TRAILER]: {
          description: 'Sent as an HTTP trailer after the last row (announced by Trailer): the number of data rows; absent when the stream failed',
          schema: { type: 'string', pattern: '^\\d+$' },
        },
      },
    },
    async ({ actor, query, request, reply, reader }) => {
      const now = store.options.now();
      // read from the standby when there is one (app.ts READ_STANDBY_ROUTES); the PII audit event on the primary
      const spec = await planExport(reader.db, actor, query, { utcOffsetMinutes: store.options.settings.utcOffsetMinutes, now });
      if (query.profile === 'pii') await auditPiiExport(db, actor, query, spec, now, request.id);
      const { stream, counter } = await openExportBody(reader.db, spec, { dialect: query.dialect, header: query.header });
      const period = query.year !== undefined ? String(query.year) : query.from || query.to ? `${query.from ?? ''}_${query.to ?? ''}` : 'all';
      reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `attachment; filename="lapor-cases-${query.profile}-${period}.csv"`)
        .header('cache-control', 'no-store')
        .header(EXPORT_PROFILE_HEADER, query.profile)
        .trailer(EXPORT_ROWS_TRAILER, async () => String(counter.rows));
      return reply.send(stream);
    },
  );
}
