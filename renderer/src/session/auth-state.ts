import type { AuthState, MeResponse, TwoFactorStatus } from '@rms/shared';

/** The /me data of a signed-in state, else null. */
export function meOf(state: AuthState | null): MeResponse | null {
  return state?.kind === 'signed_in' ? state.me : null;
}

/** The email the state is about (signed in, mid-sign-in or last used), else null. */
export function emailOf(state: AuthState | null): string | null {
  if (!state) return null;
  if (state.kind === 'signed_in') return state.me.user.email;
  return state.email ?? null;
}

/** The account whose data the stores may hold (signed in, or a session held to enrollment), else null. */
export function accountOf(state: AuthState | null): string | null {
  if (state?.kind === 'signed_in') return state.me.user.email;
  if (state?.kind === 'enrollment_required' && state.via === 'session') return state.email;
  return null;
}

/** True when a signed-in administrator. */
export function isAdminState(state: AuthState | null): boolean {
  return meOf(state)?.user.role === 'admin';
}

/** Replaces the /me data of a signed-in state; other states are returned unchanged. */
export function withMe(state: AuthState | null, me: MeResponse): AuthState | null {
  return state?.kind === 'signed_in' ? { kind: 'signed_in', me } : state;
}

/** A copy of /me with a new two-factor status. */
export function withTwoFactor(me: MeResponse, twoFactor: TwoFactorStatus): MeResponse {
  return { ...me, user: { ...me.user, twoFactor: { ...twoFactor } } };
}
