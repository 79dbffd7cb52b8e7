import type { AuthState, MeResponse } from '@rms/shared';

/**
 * The sign-in machine's internal state: what AuthState is derived from. A challenge is a
 * secret of the sign-in in progress; the session's tokens are held by the token keeper.
 */
export type InternalState =
  | { kind: 'signed_out'; email?: string }
  | {
      kind: 'challenge';
      purpose: 'code' | 'enrollment';
      challenge: string;
      email: string;
      expiresAt: string;
      afterRecovery?: boolean;
      afterTemporaryCode?: boolean;
    }
  | { kind: 'session'; origin: string; email: string; me: MeResponse };

/** Derives the renderer-facing AuthState from the internal state; copies only secret-free fields. */
export function toAuthState(state: InternalState): AuthState {
  switch (state.kind) {
    case 'signed_out':
      return state.email ? { kind: 'signed_out', email: state.email } : { kind: 'signed_out' };
    case 'challenge':
      if (state.purpose === 'code') return { kind: 'code_required', email: state.email, expiresAt: state.expiresAt };
      return {
        kind: 'enrollment_required',
        email: state.email,
        via: 'sign_in',
        expiresAt: state.expiresAt,
        ...(state.afterRecovery ? { afterRecovery: true } : {}),
        ...(state.afterTemporaryCode ? { afterTemporaryCode: true } : {}),
      };
    case 'session':
      if (state.me.enrollmentRequired) return { kind: 'enrollment_required', email: state.me.user.email, via: 'session' };
      return { kind: 'signed_in', me: state.me };
  }
}
