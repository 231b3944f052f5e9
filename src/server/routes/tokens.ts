// The token routes: create (the secret is in this answer only), list (never a secret or hash), revoke. Who may
// do what is the domain's rule (src/domain/tokens.ts): national admins manage every token, institution
// admins those bound inside their subtree with a role at or below theirs; a token outside the caller's reach
// answers 404 exactly like a missing one.

import {
  NewTokenResponseSchema,
  NewTokenSchema,
  RevokedTokenResponseSchema,
  TOKEN_MANAGERS,
  TokenNameParamsSchema,
  TokenListQuerySchema,
  TokenListResponseSchema,
} from '../../domain/tokens.js';
import type { Declared } from '../app.js';

export function registerTokenRoutes({ declare, store }: Declared): void {
  declare(
    {
      method: 'POST',
      url: '/v1/tokens',
      summary:
        'Create an API token; the secret is in this answer only. National admins: every role (national roles are never bound to an institution); institution admins: institution_admin or liaison bound inside their subtree',
      auth: true,
      roles: TOKEN_MANAGERS,
      body: NewTokenSchema,
      response: NewTokenResponseSchema,
      status: 201,
      problems: [409, 422],
    },
    async ({ actor, body }) => {
      const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : null;
      const token = await store.createToken(body.name, body.role, body.institutionId, { creator: actor, expiresAt });
      return { name: body.name, token, role: body.role, institutionId: body.institutionId, expiresAt };
    },
  );

  declare(
    {
      method: 'GET',
      url: '/v1/tokens',
      summary: 'The tokens the caller may manage (all for national admins, its subtree for institution admins); never a secret',
      auth: true,
      roles: TOKEN_MANAGERS,
      query: TokenListQuerySchema,
      response: TokenListResponseSchema,
    },
    async ({ actor, query }) => ({ items: await store.listTokens(actor, query.all) }),
  );

  declare(
    {
      method: 'DELETE',
      url: '/v1/tokens/:name',
      summary: 'Revoke a token (it answers 401 within the authentication cache time); one outside the caller’s reach answers 404 like a missing one',
      auth: true,
      roles: TOKEN_MANAGERS,
      params: TokenNameParamsSchema,
      response: RevokedTokenResponseSchema,
    },
    async ({ actor, params }) => store.revokeToken(actor, params.name),
  );
}
