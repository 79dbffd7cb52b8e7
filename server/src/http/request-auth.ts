import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../domain/api-error.js';
import type { DomainContext, RequestOrigin } from '../domain/context.js';
import { companyPolicy, standing } from '../domain/rollout-plan.js';
import type { Authenticated } from '../domain/sessions.js';
import { authenticateAccessToken } from '../domain/sessions.js';
import { clientDescriptionOf } from './client-description.js';

/**
 * Where a request came from (Fastify's `request.ip`, which honours TRUST_PROXY) and what the client
 * says it is. A believed X-Forwarded-For hop that is not an IP address is no address (null): it
 * would otherwise write the sender's words into security emails and the audit log.
 */
export function originOf(request: FastifyRequest): RequestOrigin {
  const ip = request.ip;
  return { clientAddress: ip && isIP(ip) !== 0 ? ip : null, client: clientDescriptionOf(request) };
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'Sign in first: this request needs an Authorization: Bearer access token.');
  return match[1];
}

/**
 * Resolves the bearer session. A user whose company requires 2FA of them, who has none and whose
 * grace period (if any) is over, is held to enrollment: unless `allowHeld`, the request is refused with 403 `enrollment_required`.
 */
export async function requireSession(
  ctx: DomainContext,
  request: FastifyRequest,
  options: { allowHeld?: boolean } = {},
): Promise<Authenticated> {
  const auth = await authenticateAccessToken(ctx.db, bearerToken(request), ctx.now());
  if (!options.allowHeld && auth.user.two_factor_enabled_at === null) {
    const policy = await companyPolicy(ctx.db, auth.user.company_id);
    if (standing(policy, auth.user, ctx.now()).state === 'held') throw new ApiError(403, 'enrollment_required');
  }
  return auth;
}
