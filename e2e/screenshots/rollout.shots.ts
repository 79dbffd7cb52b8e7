import { expect, test } from '../fixtures/test.js';
import { RolloutPage } from '../pages/rollout-page.js';
import { shoot } from '../support/screenshot.js';

test('A 2FA rollout: the plan with its preview, the reminder after sign-in, the users table with each state', async ({ app, page, seed, backend }) => {
  test.skip(backend.kind !== 'local', 'moves the deadline in the database');
  const company = await seed.company({ adminTwoFactor: true });
  const admin = company.admin;
  const tech = await company.addUser({ name: 'Tom Technician' });
  await company.addUser({ name: 'Dana Field', twoFactor: true });
  await company.addUser({ name: 'Quinn QA' });
  const rollout = new RolloutPage(page);

  await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
  await app.header.openCompanySettings();
  await rollout.planRollout({ graceDays: 14, newUserDays: 7 });
  await expect(rollout.preview).toContainText('will be held from the deadline');
  await rollout.preview.scrollIntoViewIfNeeded();
  await shoot(app.page, 'rollout-policy-preview');
  await app.companySettings.notifyQuestion.getByRole('button', { name: 'Require without emails' }).click();
  await expect(app.companySettings.policyStatus).toContainText('now required at login');
  await app.header.signOut();

  await app.signIn.signIn(tech.email, tech.password);
  await expect(rollout.reminderHeading).toBeVisible();
  await shoot(app.page, 'rollout-reminder');
  await rollout.later.click();
  await app.header.signOut();

  // The deadline passes (moved in the database); someone added since has their own 7 days from their first sign-in.
  if (backend.kind !== 'local') return;
  await backend.server.db.updateTable('two_factor_rollouts').set({ deadline: Date.now() - 60_000 }).where('company_id', '=', company.id).where('ended_at', 'is', null).execute();
  await company.addUser({ name: 'Nia Newcomer' });
  await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
  await app.header.openCompanySettings();
  await expect(rollout.stateOf(tech.email)).toHaveText('Held: must set up');
  await app.companySettings.usersTable.scrollIntoViewIfNeeded();
  await shoot(app.page, 'rollout-users-states');
});
