import { ChangePasswordRequest, SessionIdParams, SignedInDevices, SignedOutResponse } from '@rms/shared';
import { z } from 'zod';
import { changePassword } from '../../domain/password-change.js';
import { listSignedInDevices, signOutDevice, signOutOtherDevices } from '../../domain/signed-in-devices.js';
import { originOf, requireSession } from '../request-auth.js';
import { bearer, errorResponses, zod } from '../route-types.js';
import type { RouteModule } from '../route-types.js';

/** /me/password and /me/sessions: the signed-in user's password and signed-in devices. */
export const passwordAndDeviceRoutes: RouteModule = (app, ctx) => {
  const r = zod(app);
  const tags = ['account'];
  const security = bearer;
  r.post(
    '/me/password',
    { schema: { tags, security, body: ChangePasswordRequest, response: { 200: SignedOutResponse, ...errorResponses } } },
    async (req) => changePassword(ctx, await requireSession(ctx, req), req.body, originOf(req)),
  );
  r.get('/me/sessions', { schema: { tags, security, response: { 200: SignedInDevices, ...errorResponses } } }, async (req) =>
    listSignedInDevices(ctx, await requireSession(ctx, req)),
  );
  r.delete(
    '/me/sessions',
    { schema: { tags, security, body: z.null().or(z.object({}).strict()).optional(), response: { 200: SignedOutResponse, ...errorResponses } } },
    async (req) => signOutOtherDevices(ctx, await requireSession(ctx, req), originOf(req)),
  );
  r.delete(
    '/me/sessions/:id',
    { schema: { tags, security, params: SessionIdParams, response: { 200: SignedOutResponse, ...errorResponses } } },
    async (req) => signOutDevice(ctx, await requireSession(ctx, req), req.params.id, originOf(req)),
  );
};
