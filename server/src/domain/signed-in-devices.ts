import type { SignedInDevice, SignedOutResponse } from '@rms/shared';
import { ApiError } from './api-error.js';
import { auditPerson, recordEvent } from './audit.js';
import type { DomainContext, RequestOrigin } from './context.js';
import type { Authenticated } from './sessions.js';
import { revokeFamily, revokeUserSessions } from './sessions.js';
import { isoAt } from './time.js';

/**
 * GET /me/sessions: the user's signed-in devices. A device is a session family whose latest row
 * (the one not yet rotated) is neither revoked nor past its refresh token's life; most recently
 * used first.
 */
export async function listSignedInDevices(ctx: DomainContext, auth: Authenticated): Promise<SignedInDevice[]> {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['family_id', 'client', 'client_address', 'created_at', 'family_created_at', 'last_used_at'])
    .where('user_id', '=', auth.user.id)
    .where('revoked_at', 'is', null)
    .where('rotated_at', 'is', null)
    .where('refresh_expires_at', '>', now)
    .execute();
  return rows
    .map((row) => {
      const refreshedAt = Number(row.created_at);
      return {
        id: row.family_id,
        client: row.client,
        address: row.client_address,
        createdAt: isoAt(Number(row.family_created_at ?? refreshedAt)),
        lastUsedAt: isoAt(Math.max(refreshedAt, Number(row.last_used_at ?? 0))),
        current: row.family_id === auth.familyId,
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt) || a.id.localeCompare(b.id));
}

/**
 * DELETE /me/sessions/:id: signs one device out (its refresh token and access token stop working
 * at once). Signing out the device asking is allowed: it is a sign-out. Audited and emailed.
 */
export async function signOutDevice(ctx: DomainContext, auth: Authenticated, deviceId: string, origin: RequestOrigin): Promise<SignedOutResponse> {
  const { user } = auth;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const device = await tx
      .selectFrom('sessions')
      .select(['family_id', 'client', 'client_address'])
      .where('family_id', '=', deviceId)
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .where('rotated_at', 'is', null)
      .where('refresh_expires_at', '>', now)
      .executeTakeFirst();
    if (!device) throw new ApiError(404, 'session_not_found');
    await revokeFamily(tx, user.id, device.family_id, now);
    await recordEvent(tx, ctx.notifications, {
      type: 'auth.session_revoked',
      companyId: user.company_id,
      at: now,
      actor: auditPerson(user),
      subject: auditPerson(user),
      clientAddress: origin.clientAddress,
      details: { sessionId: device.family_id, client: device.client, address: device.client_address, current: device.family_id === auth.familyId },
      notice: 'session_signed_out',
      noticeLines: [`Device signed out: ${device.client ?? 'unknown app'}, last from ${device.client_address ?? 'an unknown address'}`],
    });
    return { signedOut: 1 };
  });
}

/** DELETE /me/sessions: signs out every device but the one asking. Audited and emailed when any was. */
export async function signOutOtherDevices(ctx: DomainContext, auth: Authenticated, origin: RequestOrigin): Promise<SignedOutResponse> {
  const { user } = auth;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const signedOut = await revokeUserSessions(tx, user.id, now, auth.familyId);
    if (signedOut > 0) {
      await recordEvent(tx, ctx.notifications, {
        type: 'auth.other_sessions_revoked',
        companyId: user.company_id,
        at: now,
        actor: auditPerson(user),
        subject: auditPerson(user),
        clientAddress: origin.clientAddress,
        details: { signedOut },
        notice: 'other_sessions_signed_out',
      });
    }
    return { signedOut };
  });
}
