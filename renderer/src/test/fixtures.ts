import type { AppInfo, AuthState, MeResponse } from '@rms/shared';

/** A signed-in user's /me answer, with overrides. */
export function makeMe(overrides: { role?: 'admin' | 'user'; enabled?: boolean; policy?: 'optional' | 'required' } = {}): MeResponse {
  const enabled = overrides.enabled ?? false;
  return {
    user: {
      id: 'u1',
      email: 'ada@example.com',
      name: 'Ada Admin',
      role: overrides.role ?? 'admin',
      companyId: 'c1',
      twoFactor: {
        enabled,
        enabledAt: enabled ? '2026-11-01T10:00:00.000Z' : null,
        backupCodeCreatedAt: enabled ? '2026-11-01T10:00:00.000Z' : null,
      },
    },
    company: { id: 'c1', name: 'Acme', twoFactorAtLogin: overrides.policy ?? 'optional' },
    enrollmentRequired: false,
    enrollmentDeadline: null,
  };
}

/** A signed-in AuthState. */
export function signedIn(overrides: Parameters<typeof makeMe>[0] = {}): AuthState {
  return { kind: 'signed_in', me: makeMe(overrides) };
}

/** AppInfo of a configured app with a persistent session store. */
export function makeInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    platform: 'linux',
    backendUrl: 'https://rms.example.com',
    backendLocked: false,
    policyError: null,
    storage: { persistent: true },
    host: 'browser-host',
    ...overrides,
  };
}

/** A pending secret as enrollment.start answers. */
export const PENDING = {
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  otpauthUri: 'otpauth://totp/RMS:ada@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=RMS&algorithm=SHA1&digits=6&period=30',
  expiresAt: '2026-11-27T20:10:00.000Z',
};
