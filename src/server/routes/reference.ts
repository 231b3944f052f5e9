import {
  CalendarQuerySchema,
  CalendarResponseSchema,
  CategoryListResponseSchema,
  ChannelListResponseSchema,
  HealthSchema,
  InstitutionListResponseSchema,
  WhoAmISchema,
} from '../../domain/schemas.js';
import type { Declared } from '../app.js';
import { registerTokenRoutes } from './tokens.js';

export function registerReferenceRoutes(declared: Declared): void {
  const { declare, store, db, version } = declared;
  registerTokenRoutes(declared);
  declare({ method: 'GET', url: '/healthz', summary: 'Liveness and database check', auth: false, unlimited: true, response: HealthSchema }, async () => {
    await db.query('SELECT 1');
    return { status: 'ok', database: db.kind, version };
  });

  declare({ method: 'GET', url: '/v1/me', summary: 'Who the token belongs to', auth: true, response: WhoAmISchema }, async ({ actor }) => ({
    name: actor.name,
    role: actor.role,
    institutionId: actor.institutionId,
  }));

  declare(
    { method: 'GET', url: '/v1/institutions', summary: 'The institution tree (depth-first)', auth: true, response: InstitutionListResponseSchema },
    async () => ({ items: await store.listInstitutions() }),
  );
  declare(
    { method: 'GET', url: '/v1/categories', summary: 'The category tree (depth-first)', auth: true, response: CategoryListResponseSchema },
    async () => ({ items: await store.listCategories() }),
  );
  declare(
    { method: 'GET', url: '/v1/channels', summary: 'Intake channels', auth: true, response: ChannelListResponseSchema },
    async () => ({ items: await store.listChannels() }),
  );
  declare(
    {
      method: 'GET',
      url: '/v1/calendar',
      summary: 'Non-working days (holidays and cuti bersama)',
      auth: true,
      query: CalendarQuerySchema,
      response: CalendarResponseSchema,
    },
    async ({ query }) => ({
      timezoneOffsetMinutes: store.options.settings.utcOffsetMinutes,
      items: await store.listCalendar(query.year),
    }),
  );
}
