// The routes of answer templates and of the review setting (#20; src/server/templates.ts): templates are read
// by the roles that answer cases and written by admins inside their scope; the review setting is read by
// those roles and set by admins.

import {
  InstitutionParamsSchema,
  NewTemplateSchema,
  ReviewSettingBodySchema,
  ReviewSettingListSchema,
  ReviewSettingSchema,
  TemplateAtQuerySchema,
  TemplateImportResponseSchema,
  TemplateImportSchema,
  TemplateListQuerySchema,
  TemplateListResponseSchema,
  TemplateParamsSchema,
  TemplatePatchSchema,
  TemplateSchema,
  TemplateShowQuerySchema,
} from '../../domain/templates.js';
import type { Role } from '../../domain/types.js';
import type { Declared } from '../app.js';
import {
  createTemplate,
  editTemplate,
  importTemplates,
  listReviewInstitutions,
  listTemplates,
  removeTemplate,
  setReview,
  showTemplate,
} from '../templates.js';

const READERS: readonly Role[] = ['national_admin', 'institution_admin', 'liaison'];
const WRITERS: readonly Role[] = ['national_admin', 'institution_admin'];

export function registerTemplateRoutes({ declare, db }: Declared): void {
  declare(
    {
      method: 'GET',
      url: '/v1/templates',
      summary: 'Answer templates: every definition the token may see, or with `institution` those visible there (the nearest definition of each name)',
      auth: true,
      roles: READERS,
      query: TemplateListQuerySchema,
      response: TemplateListResponseSchema,
      problems: [422],
    },
    async ({ actor, query }) => ({ items: await listTemplates(db, actor, query.institution) }),
  );
  declare(
    {
      method: 'POST',
      url: '/v1/templates',
      summary: 'Define a template at an institution inside the token’s subtree (national admins: also nationally, institutionId null)',
      auth: true,
      roles: WRITERS,
      body: NewTemplateSchema,
      response: TemplateSchema,
      status: 201,
      problems: [409, 422],
    },
    async ({ actor, body }) => createTemplate(db, actor, body),
  );
  declare(
    {
      method: 'POST',
      url: '/v1/templates/import',
      summary: 'Define several templates, all or none; existing definitions are overwritten only with `update`',
      auth: true,
      roles: WRITERS,
      body: TemplateImportSchema,
      response: TemplateImportResponseSchema,
      problems: [409, 422],
    },
    async ({ actor, body }) => importTemplates(db, actor, body),
  );
  declare(
    {
      method: 'GET',
      url: '/v1/templates/:name',
      summary: 'The definition of a template name visible at an institution: the nearest one on its ancestry',
      auth: true,
      roles: READERS,
      params: TemplateParamsSchema,
      query: TemplateShowQuerySchema,
      response: TemplateSchema,
      problems: [422],
    },
    async ({ actor, params, query }) => showTemplate(db, actor, params.name, query.institution),
  );
  declare(
    {
      method: 'PATCH',
      url: '/v1/templates/:name',
      summary: 'Change the body or description of the definition at exactly one institution',
      auth: true,
      roles: WRITERS,
      params: TemplateParamsSchema,
      query: TemplateAtQuerySchema,
      body: TemplatePatchSchema,
      response: TemplateSchema,
      problems: [422],
    },
    async ({ actor, params, query, body }) => editTemplate(db, actor, params.name, query.institution, body),
  );
  declare(
    {
      method: 'DELETE',
      url: '/v1/templates/:name',
      summary: 'Remove the definition at exactly one institution (those elsewhere stay)',
      auth: true,
      roles: WRITERS,
      params: TemplateParamsSchema,
      query: TemplateAtQuerySchema,
      response: TemplateSchema,
      problems: [422],
    },
    async ({ actor, params, query }) => removeTemplate(db, actor, params.name, query.institution),
  );

  declare(
    {
      method: 'GET',
      url: '/v1/review',
      summary: 'The institutions (in the token’s scope) whose liaisons’ follow-ups wait for an institution admin’s approval',
      auth: true,
      roles: READERS,
      response: ReviewSettingListSchema,
    },
    async ({ actor }) => ({ items: await listReviewInstitutions(db, actor) }),
  );
  declare(
    {
      method: 'PUT',
      url: '/v1/review/:id',
      summary: 'Require (or stop requiring) review of an institution’s liaisons’ follow-ups: national admins, or institution admins inside their subtree',
      auth: true,
      roles: WRITERS,
      params: InstitutionParamsSchema,
      body: ReviewSettingBodySchema,
      response: ReviewSettingSchema,
      problems: [422],
    },
    async ({ actor, params, body }) => setReview(db, actor, params.id, body.reviewReplies),
  );
}
