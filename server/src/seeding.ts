// The server's seeding entry points: what the test kit, e2e and the benchmarks may call to create
// data without HTTP. They are the domain's own functions, so a seeded row is exactly what the
// server itself would write. Published as `@rms/server/seeding` (package.json "exports").

/** Companies and people. */
export { createCompany } from './domain/companies.js';
export { createUser, findUser } from './domain/users.js';
export type { DomainContext, RequestOrigin } from './domain/context.js';
export type { CompaniesTable, UsersTable } from './db/schema.js';

/** Turning 2FA on (start → confirm with a code → complete) and requiring it company-wide. */
export { completeEnrollment, confirmEnrollment, startEnrollment } from './domain/enrollment.js';
export { setTwoFactorPolicy } from './domain/company-service.js';
/** Queuing the 2FA rollout's reminder waves that are due (the server does it every minute). */
export { runDueWaves } from './domain/rollout-waves.js';
/** Where a seeded code came from, for the clock diagnosis of wrong codes. */
export { sessionScope } from './domain/clock-skew.js';

/** A sign-in waiting for its code, without the password round (benchmarks of the code check). */
export { issueChallenge } from './domain/challenges.js';

/** Writing user rows in bulk: the password hash, the 2FA columns of a user without 2FA, the secret sealer. */
export { hashPassword } from './crypto/passwords.js';
export { TWO_FACTOR_CLEARED } from './domain/reset-two-factor.js';
export { createSecretBox } from './crypto/secret-box.js';
export type { SecretBox } from './crypto/secret-box.js';
