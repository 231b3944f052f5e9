// The import routes: POST /v1/imports/{cases|institutions|categories|calendar}. The request body is NDJSON
// read as it arrives (no body limit applies: a file may be large; each line is limited instead); the answer
// is NDJSON too (every bad row, then the summary). See src/domain/csv/wire.ts for the format.

import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ImportQuerySchema, ImportResponseLineSchema, NDJSON, type ImportKind, type ImportQuery } from '../../domain/csv/wire.js';
import { ImportRequestLineSchema } from '../../domain/schemas.js';
import type { Declared } from '../app.js';
import { startCaseImport } from '../import.js';
import { startReferenceImport } from '../importReference.js';
import { ProblemError } from '../problem.js';

const SUMMARIES: Record<ImportKind, string> = {
  cases:
    'Import cases from NDJSON rows (the CLI reads the CSV); strict (all or nothing) or skip mode, dry run, idempotent by tracking ID; answers NDJSON: every bad row, then the summary',
  institutions: 'Import institutions (id, parentId, name, level, active) as NDJSON rows; upsert by id; answers NDJSON',
  categories: 'Import categories (id, parentId, name, nameEn, institutionHint) as NDJSON rows; upsert by id; answers NDJSON',
  calendar: 'Import calendar days (date, kind, name) as NDJSON rows; upsert by date; answers NDJSON',
};

export function registerImportRoutes({ declare, store }: Declared, app: FastifyInstance): void {
  // the body stays a stream: the import reads it line by line
  app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));

  for (const kind of Object.keys(SUMMARIES) as ImportKind[]) {
    declare<ImportQuery>(
      {
        method: 'POST',
        url: `/v1/imports/${kind}`,
        summary: SUMMARIES[kind],
        auth: true,
        roles: ['national_admin', 'system'],
        query: ImportQuerySchema,
        streamBody: {
          contentType: NDJSON,
          schema: ImportRequestLineSchema,
          description: 'NDJSON, each line one value of this schema: the header {v, fields}, then rows [line, …values] and rejects {r}, then {end}',
        },
        response: ImportResponseLineSchema,
        contentType: NDJSON,
      },
      async ({ actor, query, request, reply }) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
        if (type !== NDJSON) {
          throw new ProblemError(415, 'unsupported-media-type', `send the rows as ${NDJSON}`, [
            { field: 'Content-Type', message: `must be ${NDJSON}` },
          ]);
        }
        const body = request.body as Readable;
        const logError = (error: unknown) => request.log.error({ err: error, requestId: request.id }, 'import failed');
        const job =
          kind === 'cases'
            ? startCaseImport(store, actor, query, body, request.id, logError)
            : startReferenceImport(store, kind, query, body, logError);
        try {
          await job.ready;
        } catch (err) {
          // the upload may still be arriving: read the rest away so the error answer reaches the client
          body.resume();
          throw err;
        }
        void reply.type(NDJSON);
        return job.output;
      },
    );
  }
}
