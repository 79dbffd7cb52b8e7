// The company seeder: companies and people through the server's domain functions (no HTTP, no
// UI), 2FA turned on with an Authenticator the test keeps, on the server's own clock (e2e runs it
// on the wall clock, as the app and the person do).
import { randomBytes } from 'node:crypto';
import { completeEnrollment, confirmEnrollment, createCompany, createUser, findUser, sessionScope, setTwoFactorPolicy, startEnrollment } from '@rms/server/seeding';
import type { DomainContext, RequestOrigin } from '@rms/server/seeding';
import { Authenticator } from './authenticator.js';
import { timeStep, TOTP_PERIOD_SECONDS, totpForStep } from './totp.js';

/** A person the test created, with what they know (password, and the phone when 2FA is on). */
export interface SeededPerson {
  id: string;
  email: string;
  password: string;
  name: string;
  role: 'admin' | 'user';
  /** Their phone's authenticator app; null while 2FA is off. */
  authenticator: Authenticator | null;
  /** Their backup code (XXXXX-XXXXX-XXXXX-XXXXX); null while 2FA is off. */
  backupCode: string | null;
}

/** Options of a seeded user. */
export interface UserOptions {
  role?: 'admin' | 'user';
  /** Turn 2FA on (through the server's enrollment functions). */
  twoFactor?: boolean;
  name?: string;
}

/** A company of its own for one test, and the means to add people to it. */
export interface SeededCompany {
  id: string;
  name: string;
  /** The company's administrator (2FA as asked when the company was seeded). */
  admin: SeededPerson;
  /** Adds a user to the company. */
  addUser(options?: UserOptions): Promise<SeededPerson>;
  /** Sets "Two-Factor Authentication at Login" to Required (without emails), as the admin would; optionally with the email check before a first setup. */
  requireTwoFactor(options?: { verifyEmailBeforeEnrollment?: boolean }): Promise<void>;
}

/** Creates test data directly through the server's domain functions (no HTTP, no UI). */
export interface Seeder {
  /** A fresh company with its own administrator. */
  company(options?: { adminTwoFactor?: boolean }): Promise<SeededCompany>;
}

const SEED_ORIGIN: RequestOrigin = { clientAddress: null };

function unique(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** How close to the end of a step the seeder stops using the previous step's code. */
const STEP_END_MARGIN_MS = 3_000;

/**
 * The step whose code confirms a seeded enrollment: the PREVIOUS one (the server accepts ±1
 * step), so the current step stays fresh for the test's first sign-in and no test has to wait
 * 30 s at its start; but in the last seconds of a step the current one, because a slow
 * confirmation (a loaded machine) could reach the server in the next step, where the previous
 * step's code is two steps old and refused as a wrong code (seen as an e2e flake under load).
 */
export function seedConfirmationStep(now: number): number {
  const step = timeStep(now);
  const msLeft = (step + 1) * TOTP_PERIOD_SECONDS * 1000 - now;
  return msLeft < STEP_END_MARGIN_MS ? step : step - 1;
}

/** Turns 2FA on for a user through startEnrollment → confirmEnrollment → completeEnrollment. */
async function enroll(ctx: DomainContext, userId: string): Promise<{ authenticator: Authenticator; backupCode: string }> {
  const user = await findUser(ctx.db, userId);
  if (!user) throw new Error(`seed: user ${userId} vanished`);
  const pending = await startEnrollment(ctx, user);
  const authenticator = Authenticator.fromOtpauthUri(pending.otpauthUri, ctx.now);
  const step = seedConfirmationStep(ctx.now());
  const confirmed = await confirmEnrollment(ctx, (await findUser(ctx.db, userId))!, totpForStep(authenticator.secret, step), SEED_ORIGIN, sessionScope(`seed:${userId}`));
  authenticator.markStepUsed(step);
  await completeEnrollment(ctx, (await findUser(ctx.db, userId))!, SEED_ORIGIN);
  return { authenticator, backupCode: confirmed.backupCode };
}

/** The seeder for a server's domain context. */
export function createSeeder(ctx: DomainContext): Seeder {
  async function addUser(companyId: string, options: UserOptions = {}): Promise<SeededPerson> {
    const role = options.role ?? 'user';
    const id = unique();
    const email = `${role}.${id}@e2e.test`;
    const password = `Pw-${randomBytes(9).toString('base64url')}`;
    const name = options.name ?? `${role === 'admin' ? 'Admin' : 'User'} ${id.slice(-6)}`;
    const row = await createUser(ctx.db, { companyId, email, name, role, password });
    const seeded: SeededPerson = { id: row.id, email, password, name, role, authenticator: null, backupCode: null };
    if (options.twoFactor) Object.assign(seeded, await enroll(ctx, row.id));
    return seeded;
  }

  return {
    async company(options = {}) {
      const company = await createCompany(ctx.db, { name: `E2E Company ${unique()}` });
      const admin = await addUser(company.id, { role: 'admin', twoFactor: options.adminTwoFactor ?? false });
      return {
        id: company.id,
        name: company.name,
        admin,
        addUser: (userOptions) => addUser(company.id, userOptions),
        async requireTwoFactor(policy = {}) {
          const row = await findUser(ctx.db, admin.id);
          if (!row?.two_factor_enabled_at) throw new Error('seed: requireTwoFactor needs a company seeded with adminTwoFactor: true');
          await setTwoFactorPolicy(ctx, row, { twoFactorAtLogin: 'required', notifyUnenrolled: false, ...policy }, SEED_ORIGIN);
        },
      };
    },
  };
}
