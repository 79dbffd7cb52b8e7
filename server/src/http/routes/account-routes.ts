import {
  BackupCodeResult,
  CodeRequest,
  CompleteEnrollmentRequest,
  MeResponse,
  PendingSecret,
  TwoFactorChangeResponse,
} from '@rms/shared';
import {
  describeMe,
  disableTwoFactor,
  regenerateBackupCode,
  startDeviceChange,
  twoFactorState,
} from '../../domain/account-service.js';
import { completeEnrollment, confirmDeviceChange, confirmEnrollment, startEnrollment } from '../../domain/enrollment.js';
import { sessionScope } from '../../domain/clock-skew.js';
import { originOf, requireSession } from '../request-auth.js';
import { bearer, errorResponses, zod } from '../route-types.js';
import type { RouteModule } from '../route-types.js';

/** /me and /me/two-factor/*: the signed-in user's own account and 2FA settings. */
export const accountRoutes: RouteModule = (app, ctx) => {
  const r = zod(app);
  const tags = ['account'];
  const security = bearer;
  r.get('/me', { schema: { tags, security, response: { 200: MeResponse, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req, { allowHeld: true });
    return describeMe(ctx, user);
  });
  r.post('/me/two-factor/enrollment', { schema: { tags, security, response: { 200: PendingSecret, ...errorResponses } } }, async (req) => {
    const { user } = await requireSession(ctx, req, { allowHeld: true });
    const { expiresAtMs: _ignored, ...pending } = await startEnrollment(ctx, user);
    return pending;
  });
  r.post(
    '/me/two-factor/enrollment/confirm',
    { schema: { tags, security, body: CodeRequest, response: { 200: BackupCodeResult, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req, { allowHeld: true });
      return confirmEnrollment(ctx, user, req.body.code, originOf(req), sessionScope(familyId));
    },
  );
  r.post(
    '/me/two-factor/enrollment/complete',
    { schema: { tags, security, body: CompleteEnrollmentRequest, response: { 200: TwoFactorChangeResponse, ...errorResponses } } },
    async (req) => {
      const { user } = await requireSession(ctx, req, { allowHeld: true });
      return twoFactorState(await completeEnrollment(ctx, user, originOf(req)));
    },
  );
  r.post(
    '/me/two-factor/backup-code',
    { schema: { tags, security, body: CodeRequest, response: { 200: BackupCodeResult, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return regenerateBackupCode(ctx, user, req.body.code, originOf(req), sessionScope(familyId));
    },
  );
  r.post(
    '/me/two-factor/device-change',
    { schema: { tags, security, body: CodeRequest, response: { 200: PendingSecret, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return startDeviceChange(ctx, user, req.body.code, originOf(req), sessionScope(familyId));
    },
  );
  r.post(
    '/me/two-factor/device-change/confirm',
    { schema: { tags, security, body: CodeRequest, response: { 200: TwoFactorChangeResponse, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return twoFactorState(await confirmDeviceChange(ctx, user, req.body.code, originOf(req), sessionScope(familyId)));
    },
  );
  r.delete(
    '/me/two-factor',
    { schema: { tags, security, body: CodeRequest, response: { 200: TwoFactorChangeResponse, ...errorResponses } } },
    async (req) => {
      const { user, familyId } = await requireSession(ctx, req);
      return disableTwoFactor(ctx, user, req.body.code, originOf(req), sessionScope(familyId));
    },
  );
};
