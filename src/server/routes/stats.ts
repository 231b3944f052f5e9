// The statistics routes: the annual report behind `lapor stats annual` and the year-by-year trend behind
// `lapor stats trend` (src/server/stats.ts does the work). Aggregates only, so statisticians may call them;
// institution-bound tokens get their own subtree.

import { StatsInstitutionsQuerySchema, StatsInstitutionsReportSchema } from '../../domain/evidence.js';
import {
  StatsAnnualQuerySchema,
  StatsAnnualReportSchema,
  StatsDuplicatesQuerySchema,
  StatsDuplicatesReportSchema,
  StatsTrendQuerySchema,
  StatsTrendReportSchema,
} from '../../domain/stats.js';
import type { Declared } from '../app.js';
import { institutionsReport } from '../evidence.js';
import { annualReport, duplicatesReport, trendReport } from '../stats.js';

export function registerStatsRoutes({ declare, store }: Declared): void {
  declare(
    {
      method: 'GET',
      url: '/v1/stats/annual',
      summary: 'Annual statistics of one year (local submission date), optionally for an institution subtree; public=true applies small-cell suppression',
      auth: true,
      roles: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
      query: StatsAnnualQuerySchema,
      response: StatsAnnualReportSchema,
    },
    async ({ actor, query, reader }) => annualReport(store, actor, query, reader.store),
  );

  declare(
    {
      method: 'GET',
      url: '/v1/stats/trend',
      summary: 'The headline figures year by year, with the change from the previous year',
      auth: true,
      roles: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
      query: StatsTrendQuerySchema,
      response: StatsTrendReportSchema,
    },
    async ({ actor, query, reader }) => trendReport(store, actor, query, reader.store),
  );

  declare(
    {
      method: 'GET',
      url: '/v1/stats/institutions',
      summary: 'The evidence pack of one year: per institution (and subtree) received, followed up, within 5 working days, completion, working days, breaches, escalations, last activity; ranked; public=true applies small-cell suppression',
      auth: true,
      roles: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
      query: StatsInstitutionsQuerySchema,
      response: StatsInstitutionsReportSchema,
    },
    async ({ actor, query }) => institutionsReport(store, actor, query),
  );
  // desk work (issue #20): duplicates by institution
  declare(
    {
      method: 'GET',
      url: '/v1/stats/duplicates',
      summary: 'Linked duplicates submitted in a year (local date), by the original’s institution; scoped like the annual report',
      auth: true,
      roles: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
      query: StatsDuplicatesQuerySchema,
      response: StatsDuplicatesReportSchema,
    },
    async ({ actor, query }) => duplicatesReport(store, actor, query),
  );
}
