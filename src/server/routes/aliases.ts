// The alias routes (src/server/aliases.ts): GET /v1/aliases/{institutions|categories} for every token (reference
// data, like the lists of institutions and categories), POST and DELETE for national admins only.

import {
  AliasKindParamsSchema,
  AliasListResponseSchema,
  AliasParamsSchema,
  NewAliasesResponseSchema,
  NewAliasesSchema,
  RemovedAliasResponseSchema,
  type AliasKind,
} from '../../domain/aliases.js';
import type { Declared } from '../app.js';
import { addAliases, listAliases, removeAlias } from '../aliases.js';

export function registerAliasRoutes({ declare, db }: Declared): void {
  const kindOf = (params: Record<string, string>) => params.kind as AliasKind;
  declare(
    {
      method: 'GET',
      url: '/v1/aliases/:kind',
      summary: 'The aliases of institution or category names (other ways people write them)',
      auth: true,
      params: AliasKindParamsSchema,
      response: AliasListResponseSchema,
    },
    async ({ params }) => ({ items: await listAliases(db, kindOf(params)) }),
  );
  declare(
    {
      method: 'POST',
      url: '/v1/aliases/:kind',
      summary: 'Add aliases (all or none): each must name an existing entry and no other entry’s id, name or alias. National admins only',
      auth: true,
      roles: ['national_admin'],
      params: AliasKindParamsSchema,
      body: NewAliasesSchema,
      response: NewAliasesResponseSchema,
      problems: [409, 422],
    },
    async ({ params, body, actor }) => addAliases(db, kindOf(params), body, actor),
  );
  declare(
    {
      method: 'DELETE',
      url: '/v1/aliases/:kind/:alias',
      summary: 'Remove an alias (named in any spelling that folds alike). National admins only',
      auth: true,
      roles: ['national_admin'],
      params: AliasParamsSchema,
      response: RemovedAliasResponseSchema,
      problems: [404],
    },
    async ({ params }) => removeAlias(db, kindOf(params), params.alias),
  );
}
