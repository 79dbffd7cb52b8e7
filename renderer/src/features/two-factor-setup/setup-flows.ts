import { rms } from '../../api/rms-client';
import { useAccountStore } from '../account/account-store';
import { useAuthStore } from '../../session/auth-store';
import type { SetupFlow } from './use-two-factor-setup';

/** Enrolment through `enrollment.*` (main picks the sign-in challenge or the session route). */
export function enrollmentFlow(): SetupFlow {
  const auth = useAuthStore();
  return {
    kind: 'enroll',
    start: () => rms.enrollment.start(),
    confirm: async (code) => (await rms.enrollment.confirm({ code })).backupCode,
    complete: async () => {
      auth.setState(await rms.enrollment.complete());
    },
  };
}

/** Moving 2FA to a new phone: a code from the old phone, then one from the new phone. */
export function deviceChangeFlow(): SetupFlow {
  const account = useAccountStore();
  return {
    kind: 'change-device',
    start: (currentCode) => account.startDeviceChange(currentCode ?? ''),
    confirm: async (code) => {
      await account.confirmDeviceChange(code);
      return null;
    },
    complete: async () => {},
  };
}
