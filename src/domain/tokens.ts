// Who may hold, create, see and revoke which API token: one pure policy, used by the server wherever a token
// is created, listed, revoked or authenticated. The invariant that makes every national-only route safe:
// a national role (national_admin, system) is never bound to an institution, so a token bound to an
// institution can never hold a role that reads or writes outside its subtree. A bound creator only makes
// tokens bound inside its own subtree, so the binding is inherited down every chain of creation.

import { z } from 'zod';
import type { ProblemAbout } from './problems.js';
import { ROLES, type Actor, type Role } from './types.js';

/**
 * How long a server trusts a token that authenticated without asking the database again: a revocation made
 * on another server instance takes effect within this time (on the instance that revoked it, at once); an
 * expiry is never outlived. Stated in the README and in `lapor tokens revoke --help`.
 */
export const TOKEN_CACHE_MS = 5_000;

/** Roles of the whole country: never bound to an institution. */
export const NATIONAL_ROLES: readonly Role[] = ['national_admin', 'system'];
/** Roles that act for one institution subtree: always bound to one. */
export const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'liaison'];

/** How a role may be bound: `never` (national), `always` (institution roles), `either` (statistician). */
export const BINDING: Readonly<Record<Role, 'never' | 'always' | 'either'>> = {
  national_admin: 'never',
  system: 'never',
  institution_admin: 'always',
  liaison: 'always',
  statistician: 'either',
};

/**
 * The roles each role may create (and so list and revoke). The order national_admin > institution_admin >
 * liaison: a creator grants its own role or lower; statistician and system only by a national admin. Liaison
 * officers, statisticians and the system manage no tokens (`lapor tokens` is for administrators).
 */
export const GRANTS: Readonly<Record<Role, readonly Role[]>> = {
  national_admin: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
  institution_admin: ['institution_admin', 'liaison'],
  liaison: [],
  statistician: [],
  system: [],
};

/** Roles that may call the token routes at all. */
export const TOKEN_MANAGERS: readonly Role[] = ROLES.filter((r) => GRANTS[r].length > 0);

export type IsWithin = (institutionId: string, rootId: string) => boolean;

export interface TokenRefusal {
  status: 403 | 422;
  field: 'role' | 'institutionId' | 'expiresAt';
  /** English, for logs and other clients; a client words `about` itself. */
  detail: string;
  about: ProblemAbout;
}

/** Whether a role may carry this binding; null when it may. */
export function bindingRefusal(role: Role, institutionId: string | null): TokenRefusal | null {
  const rule = BINDING[role];
  if (rule === 'never' && institutionId !== null) {
    const about: ProblemAbout = { reason: 'role-never-bound', params: { role } };
    return { status: 422, field: 'institutionId', detail: `role ${role} is national: it is never bound to an institution`, about };
  }
  if (rule === 'always' && institutionId === null) {
    return { status: 422, field: 'institutionId', detail: `role ${role} needs an institution`, about: { reason: 'role-needs-institution', params: { role } } };
  }
  return null;
}

/**
 * Whether `creator` may create a token of `role` bound to `institutionId` (null: unbound); null when it may.
 * The binding's shape is checked first (422), then the creator's power over role and subtree (403).
 */
export function grantRefusal(creator: Actor, role: Role, institutionId: string | null, isWithin: IsWithin): TokenRefusal | null {
  const binding = bindingRefusal(role, institutionId);
  if (binding) return binding;
  if (!GRANTS[creator.role].includes(role)) {
    const about: ProblemAbout = { reason: 'role-may-not-grant', params: { role: creator.role, grantedRole: role } };
    return { status: 403, field: 'role', detail: `role ${creator.role} may not create ${role} tokens`, about };
  }
  if (creator.institutionId !== null) {
    if (institutionId === null) {
      const about: ProblemAbout = { reason: 'token-must-be-bound', params: {} };
      return { status: 403, field: 'institutionId', detail: 'an institution-bound token may only create tokens bound inside its subtree', about };
    }
    if (!isWithin(institutionId, creator.institutionId)) {
      const about: ProblemAbout = { reason: 'institution-outside-scope', params: { institutionId } };
      return { status: 403, field: 'institutionId', detail: `institution ${institutionId} is outside your subtree`, about };
    }
  }
  return null;
}

/** A stored token as the policy sees it. */
export interface TokenRecord {
  role: Role;
  institutionId: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

/**
 * Whether `actor` may see and revoke this token: the tokens it could have created. A national admin manages
 * all; an institution admin those bound inside its subtree with a role it may grant.
 */
export function canManage(actor: Actor, token: Pick<TokenRecord, 'role' | 'institutionId'>, isWithin: IsWithin): boolean {
  if (!GRANTS[actor.role].includes(token.role)) return false;
  if (actor.institutionId === null) return true;
  return token.institutionId !== null && isWithin(token.institutionId, actor.institutionId);
}

/** Whether a stored token authenticates at `now` (ms): not revoked, not expired, and bound as its role allows. */
export function tokenUsable(token: TokenRecord, now: number): boolean {
  if (token.revokedAt !== null) return false;
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) return false;
  return bindingRefusal(token.role, token.institutionId) === null;
}

const DURATION = /^(\d{1,5})([hdw])$/;
const DAY_MS = 24 * 3600 * 1000;
const UNIT_MS: Record<string, number> = { h: 3600 * 1000, d: DAY_MS, w: 7 * DAY_MS };

/**
 * An expiry as the CLI takes it: a duration from `now` (`12h`, `90d`, `8w`), a date (`2027-01-31`: the token
 * stops working at the start of that day, UTC) or an ISO instant. Returns the instant (ISO), or null when
 * the text is none of these.
 */
export function parseExpiry(text: string, now: Date): string | null {
  const d = DURATION.exec(text);
  if (d) {
    const n = Number(d[1]);
    return n > 0 ? new Date(now.getTime() + n * UNIT_MS[d[2]]).toISOString() : null;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text ? new Date(ms).toISOString() : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return null;
}

// ---- wire ----------------------------------------------------------------------------------------------

const RoleEnum = z.enum(ROLES);

export const TOKEN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const tokenName = z.string().regex(TOKEN_NAME, 'lower-case letters, digits, ".", "_" or "-" (1–64)');

/** The path parameter of DELETE /v1/tokens/{name}. */
export const TokenNameParamsSchema = z.strictObject({ name: tokenName });

export const NewTokenSchema = z.strictObject({
  name: tokenName,
  role: RoleEnum,
  institutionId: z.string().min(1).max(100).nullable(),
  /** When the token stops working (ISO instant, in the future); absent or null: never. */
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type NewToken = z.infer<typeof NewTokenSchema>;

export const NewTokenResponseSchema = z.strictObject({
  name: z.string(),
  /** The secret: shown in this answer only, never again. */
  token: z.string(),
  role: RoleEnum,
  institutionId: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type NewTokenResponse = z.infer<typeof NewTokenResponseSchema>;

/** A token as listed: never its secret or hash. */
export const TokenInfoSchema = z.strictObject({
  name: z.string(),
  role: RoleEnum,
  institutionId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** active, expired or revoked, at the time of the answer. */
  state: z.enum(['active', 'expired', 'revoked']),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const TokenListResponseSchema = z.strictObject({ items: z.array(TokenInfoSchema) });
export type TokenListResponse = z.infer<typeof TokenListResponseSchema>;

export const TokenListQuerySchema = z.strictObject({
  /** Also list revoked and expired tokens (default: active only). */
  all: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const RevokedTokenResponseSchema = z.strictObject({ name: z.string(), revokedAt: z.string() });
export type RevokedTokenResponse = z.infer<typeof RevokedTokenResponseSchema>;

/** The state a listing shows. */
export function tokenState(token: Pick<TokenRecord, 'revokedAt' | 'expiresAt'>, now: number): TokenInfo['state'] {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}
