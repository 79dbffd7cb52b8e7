import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';
import { shoot } from '../support/screenshot.js';

test('Temporary access code (issued, then used at sign-in), a pending reset of an administrator, the email check before setup', async ({ app, seed, inbox }) => {
  const company = await seed.company({ adminTwoFactor: true });
  const admin = company.admin;
  const user = await company.addUser({ twoFactor: true, name: 'Dana Field' });
  const second = await company.addUser({ role: 'admin', twoFactor: true, name: 'Sam Second' });
  await company.addUser({ role: 'admin', twoFactor: true, name: 'Robin Third' });

  await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
  await app.header.openCompanySettings();
  const settings = app.companySettings;
  await settings.resetTwoFactorFor(second.email, await admin.authenticator!.nextFreshCode());
  await expect(settings.resetRequestLocator(second.email)).toBeVisible();
  // The audit log reloads itself after the request: wait for its row, so the picture does not depend on timing.
  await expect(settings.auditRowLocator("Reset of an administrator's two-factor requested")).toBeVisible();
  await shoot(app.page, 'pending-reset-request');

  const temporaryCode = await settings.issueTemporaryCode(user.email, await admin.authenticator!.nextFreshCode());
  await shoot(app.page, 'temporary-code-shown', { fullPage: false });
  await settings.closeTemporaryCode();
  await app.header.signOut();

  await app.signIn.signIn(user.email, user.password);
  await app.code.chooseDontKnowTheCode();
  await app.backupCode.temporaryCode.fill(temporaryCode);
  await shoot(app.page, 'sign-in-temporary-code');
  await app.backupCode.continueWithTemporaryCode(temporaryCode);
  await expect(app.page.getByText('You signed in with a temporary access code.')).toBeVisible();
  await shoot(app.page, 'enrollment-after-temporary-code');
  await app.enrollment.setUpWithPhone();
  await app.header.signOut();

  const checked = await seed.company({ adminTwoFactor: true });
  await checked.requireTwoFactor({ verifyEmailBeforeEnrollment: true });
  const newcomer = await checked.addUser({ name: 'Nico New' });
  await app.signIn.signIn(newcomer.email, newcomer.password);
  await app.enrollment.next();
  await expect(app.page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await inbox.waitFor(mailTo(newcomer.email, 'Your code to set up two-factor authentication'));
  await shoot(app.page, 'enrollment-email-code');
});
