import type { PendingSecret } from '@rms/shared';
import { computed, ref } from 'vue';
import { IpcResultError } from '../../api/ipc-result-error';
import { useNow } from '../../ui/use-now';
import { useAction, type OnFailure } from '../../ui/use-action';

/** The wizard's screens. */
export type SetupStep = 'current-code' | 'apps' | 'scan' | 'verify' | 'backup' | 'done';

/** What the wizard does against the main process: enrolment or moving to a new phone. */
export interface SetupFlow {
  kind: 'enroll' | 'change-device';
  /** Creates the pending secret (change-device passes a code from the old phone). */
  start(currentCode?: string): Promise<PendingSecret>;
  /** Confirms a code from the new app; answers the backup code when one is created. */
  confirm(code: string): Promise<string | null>;
  /** Finishes the setup (enrol: after the backup code is saved). */
  complete(): Promise<void>;
}

/** The steps of a flow, in order. */
export function stepsOf(kind: SetupFlow['kind']): SetupStep[] {
  return kind === 'enroll' ? ['apps', 'scan', 'verify', 'backup', 'done'] : ['current-code', 'scan', 'verify', 'done'];
}

const EXPIRY_CODES = new Set(['enrollment_expired', 'enrollment_not_started', 'device_change_not_started']);

/**
 * The two-factor setup wizard's logic (loading, error, step), shared by Account settings, the
 * enrollment-required sign-in and Change device. Nothing changes on the server until the last
 * step succeeds, so abandoning it at any point is safe.
 */
export function useTwoFactorSetup(flow: SetupFlow) {
  const steps = stepsOf(flow.kind);
  const step = ref<SetupStep>(steps[0]!);
  const { busy: loading, failure, run } = useAction();
  const pending = ref<PendingSecret | null>(null);
  const backupCode = ref<string | null>(null);
  const backupSaved = ref(false);
  const serverExpired = ref(false);
  const now = useNow(1000);

  const stepNumber = computed(() => Math.min(steps.indexOf(step.value) + 1, steps.length - 1));
  const stepCount = steps.length - 1;
  const expiresAt = computed(() => (pending.value ? Date.parse(pending.value.expiresAt) : null));
  const secondsLeft = computed(() => (expiresAt.value === null ? null : Math.max(0, Math.round((expiresAt.value - now.value) / 1000))));
  /** True when the pending secret timed out before the code was confirmed. */
  const expired = computed(() => serverExpired.value || (step.value !== 'backup' && step.value !== 'done' && secondsLeft.value === 0));
  const canFinish = computed(() => step.value === 'backup' && backupSaved.value && !loading.value);

  /** A refused step whose pending secret the server no longer has counts as expired. */
  const noteExpiry: OnFailure = (shown) => {
    if (EXPIRY_CODES.has(shown.code)) serverExpired.value = true;
  };

  async function begin(currentCode?: string): Promise<boolean> {
    return run(async () => {
      pending.value = await flow.start(currentCode);
      serverExpired.value = false;
      step.value = 'scan';
    }, noteExpiry);
  }

  /** Goes forward from the apps list (creating the secret) or from the QR code. */
  async function next(): Promise<boolean> {
    if (step.value === 'apps') return begin();
    if (step.value === 'scan') {
      failure.clear();
      step.value = 'verify';
      return true;
    }
    return false;
  }

  /** Change device: checks a code from the old phone, then shows the new secret. */
  async function submitCurrentCode(code: string): Promise<boolean> {
    return begin(code);
  }

  /** Checks a code from the newly set-up app. */
  async function submitCode(code: string): Promise<boolean> {
    return run(async () => {
      const created = await flow.confirm(code);
      if (flow.kind === 'enroll') {
        backupCode.value = created;
        step.value = 'backup';
      } else {
        await flow.complete();
        step.value = 'done';
      }
    }, noteExpiry);
  }

  /** Finishes enrolment; refused until "The backup code has been saved" is ticked. */
  async function finish(): Promise<boolean> {
    if (!backupSaved.value) {
      failure.show(new IpcResultError({ code: 'backup_code_not_saved', message: '' }));
      return false;
    }
    return run(async () => {
      await flow.complete();
      step.value = 'done';
    }, noteExpiry);
  }

  /** Goes one step back where that makes sense (never past a confirmed code). */
  function back(): void {
    failure.clear();
    if (step.value === 'verify') step.value = 'scan';
    else if (step.value === 'scan' && flow.kind === 'enroll') step.value = 'apps';
    else if (step.value === 'scan') step.value = 'current-code';
  }

  /** Starts over after the setup expired (enrol: a new secret; change device: asks the old code again). */
  async function restart(): Promise<boolean> {
    failure.clear();
    pending.value = null;
    backupCode.value = null;
    backupSaved.value = false;
    serverExpired.value = false;
    if (flow.kind === 'enroll') {
      step.value = 'apps';
      return begin();
    }
    step.value = 'current-code';
    return true;
  }

  return {
    steps, step, stepNumber, stepCount, loading, pending, backupCode, backupSaved, expired, secondsLeft, canFinish,
    error: failure.error, errorMessage: failure.message, blocked: failure.blocked,
    next, submitCurrentCode, submitCode, finish, back, restart,
  };
}
