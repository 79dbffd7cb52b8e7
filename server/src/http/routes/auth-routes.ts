import {
  EnrollmentCompleteRequest,
  EnrollmentConfirmRequest,
  EnrollmentConfirmResponse,
  EnrollmentStartResponse,
  LoginRequest,
  LoginResponse,
  LogoutRequest,
  PasswordResetAccepted,
  PasswordResetRequest,
  RecoverRequest,
  RecoverResponse,
  RefreshRequest,
  RefreshResponse,
  SignInEnrollmentStartRequest,
  VerifyRequest,
  AuthenticatedResponse,
} from '@rms/shared';
import { z } from 'zod';
import { recoverWithTemporaryCode } from '../../domain/temporary-codes.js';
import {
  completeSignInEnrollment,
  confirmSignInEnrollment,
  login,
  recoverWithBackupCode,
  startSignInEnrollment,
  verifySignInCode,
} from '../../domain/auth-service.js';
import { ApiError } from '../../domain/api-error.js';
import { RESET_ACCEPTED_SENTENCE, requestPasswordReset } from '../../domain/password-reset.js';
import { rotateRefreshToken } from '../../domain/refresh-rotation.js';
import { signOut } from '../../domain/sessions.js';
import { originOf } from '../request-auth.js';
import { errorResponses, zod } from '../route-types.js';
import type { RouteModule } from '../route-types.js';

/** /auth/*: sign-in with password, code, backup code or enrollment; refresh; sign-out. */
export const authRoutes: RouteModule = (app, ctx) => {
  const r = zod(app);
  const tags = ['sign-in'];
  r.post('/auth/login', { schema: { tags, body: LoginRequest, response: { 200: LoginResponse, ...errorResponses } } }, (req) =>
    login(ctx, req.body.email, req.body.password, originOf(req)),
  );
  r.post('/auth/verify', { schema: { tags, body: VerifyRequest, response: { 200: AuthenticatedResponse, ...errorResponses } } }, async (req) => ({
    status: 'authenticated' as const,
    session: await verifySignInCode(ctx, req.body.challenge, req.body.code, originOf(req)),
  }));
  r.post('/auth/recover', { schema: { tags, body: RecoverRequest, response: { 200: RecoverResponse, ...errorResponses } } }, (req) =>
    'temporaryCode' in req.body
      ? recoverWithTemporaryCode(ctx, req.body.challenge, req.body.temporaryCode, originOf(req))
      : recoverWithBackupCode(ctx, req.body.challenge, req.body.backupCode, originOf(req)),
  );
  r.post('/auth/enrollment', { schema: { tags, body: SignInEnrollmentStartRequest, response: { 200: EnrollmentStartResponse, ...errorResponses } } }, async (req) => {
    const { expiresAtMs: _ignored, ...pending } = await startSignInEnrollment(ctx, req.body.challenge, req.body.emailCode, originOf(req));
    return pending;
  });
  r.post(
    '/auth/enrollment/confirm',
    { schema: { tags, body: EnrollmentConfirmRequest, response: { 200: EnrollmentConfirmResponse, ...errorResponses } } },
    (req) => confirmSignInEnrollment(ctx, req.body.challenge, req.body.code, originOf(req)),
  );
  r.post(
    '/auth/enrollment/complete',
    { schema: { tags, body: EnrollmentCompleteRequest, response: { 200: AuthenticatedResponse, ...errorResponses } } },
    async (req) => ({ status: 'authenticated' as const, session: await completeSignInEnrollment(ctx, req.body.challenge, originOf(req)) }),
  );
  r.post(
    '/auth/password-reset',
    { schema: { tags, body: PasswordResetRequest, response: { 202: PasswordResetAccepted, ...errorResponses } } },
    async (req, reply) => {
      await requestPasswordReset(ctx, req.body.email, originOf(req));
      return reply.code(202).send({ status: 'accepted', message: RESET_ACCEPTED_SENTENCE });
    },
  );
  r.post('/auth/refresh', { schema: { tags, body: RefreshRequest, response: { 200: RefreshResponse, ...errorResponses } } }, async (req) => ({
    status: 'authenticated' as const,
    session: await rotateRefreshToken(ctx, req.body.refreshToken, originOf(req)),
  }));
  r.post(
    '/auth/logout',
    { schema: { tags, body: LogoutRequest.or(z.null()), response: { 204: z.null().describe('Signed out.'), ...errorResponses } } },
    async (req, reply) => {
      const header = req.headers.authorization;
      const accessToken = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
      const refreshToken = req.body?.refreshToken;
      if (!accessToken && !refreshToken) throw new ApiError(401, 'unauthorized', 'Send the access token (Authorization: Bearer) or the refresh token to sign out.');
      // Signing out is idempotent: an already revoked or unknown session is simply gone.
      await signOut(ctx.db, { accessToken, refreshToken }, ctx.now());
      return reply.code(204).send(null);
    },
  );
};
