import { z } from 'zod';
import {
  CalendarQuerySchema,
  CalendarResponseSchema,
  CategoryListResponseSchema,
  ChannelListResponseSchema,
  HealthSchema,
  InstitutionListResponseSchema,
  RoleSchema,
  WhoAmISchema,
} from '../../domain/schemas.js';
import type { Declared } from '../app.js';

const NewTokenSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"'),
  role: RoleSchema,
  institutionId: z.string().min(1).max(100).nullable(),
});
const NewTokenResponseSchema = z.strictObject({ name: z.string(), token: z.string() });

export function registerReferenceRoutes({ declare, store, db, version }: Declared): void {
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
  declare(
    {
      method: 'POST',
      url: '/v1/tokens',
      summary: 'Create an API token (national admins); the secret is shown once',
      auth: true,
      roles: ['national_admin'],
      body: NewTokenSchema,
      response: NewTokenResponseSchema,
      status: 201,
      problems: [409, 422],
    },
    async ({ body }) => ({ name: body.name, token: await store.createToken(body.name, body.role, body.institutionId) }),
  );
}
