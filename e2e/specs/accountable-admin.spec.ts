import { mkdir } from 'node:fs/promises';
import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';
import { seriousViolations } from '../support/accessibility.js';

test.describe('Accountable administration (docs/two-factor.md#administering-someone-elses-2fa)', () => {
  test('temporary access code: the user re-enrols on a new phone; the old phone works until then', async ({ app, seed, inbox, launchAnotherApp }, testInfo) => {
    const company = await seed.company({ adminTwoFactor: true });
    const admin = company.admin;
    const user = await company.addUser({ twoFactor: true });
    const oldPhone = user.authenticator!;

    // The administrator issues the code with their own code; it is shown once, then gone.
    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
    await app.header.openCompanySettings();
    const settings = app.companySettings;
    const temporaryCode = await settings.issueTemporaryCode(user.email, await admin.authenticator!.nextFreshCode());
    expect(temporaryCode).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(await seriousViolations(app.page), 'temporary code dialog').toEqual([]);
    await settings.closeTemporaryCode();
    await expect(app.page.getByText(temporaryCode)).toHaveCount(0);
    const notice = await inbox.waitFor(mailTo(user.email, 'An administrator issued a temporary access code for your account'));
    expect(notice.text).not.toContain(temporaryCode.replaceAll('-', ''));
    await app.header.signOut();

    // The user lost their phone: "Don't know the code", then the temporary code (typed loosely).
    await app.signIn.signIn(user.email, user.password);
    await app.code.chooseDontKnowTheCode();
    await expect(app.backupCode.temporaryCodeCard).toBeVisible();
    expect(await seriousViolations(app.page), 'backup code screen with the temporary code').toEqual([]);
    await app.backupCode.continueWithTemporaryCode(temporaryCode.toLowerCase().replaceAll('-', ' '));
    await expect(app.enrollmentHeading).toBeVisible();
    await expect(app.page.getByText('You signed in with a temporary access code.')).toBeVisible();
    expect(await seriousViolations(app.page), 'enrollment after a temporary code').toEqual([]);

    // Meanwhile the old phone still signs in, on another device.
    const otherDataDir = testInfo.outputPath('other-device');
    await mkdir(otherDataDir, { recursive: true });
    const other = await launchAnotherApp({ dataDir: otherDataDir, keychain: 'none' });
    await other.signInWithCode(user.email, user.password, oldPhone);
    await expect(other.accountSettings.heading).toBeVisible();
    await other.header.signOut();

    // The new phone is set up; from then on only it works.
    const { authenticator: newPhone } = await app.enrollment.setUpWithPhone();
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
    await inbox.waitFor(mailTo(user.email, 'A new authenticator was set up with a temporary access code'));

    await other.signIn.signIn(user.email, user.password);
    await other.code.enterCode(await oldPhone.nextFreshCode());
    await expect(other.code.error).toContainText('That code is not correct');
    await other.code.enterCode(await newPhone.nextFreshCode());
    await expect(other.accountSettings.heading).toBeVisible();
  });

  test("resetting an administrator's 2FA waits for a second administrator, who approves it", async ({ app, seed, inbox }) => {
    const company = await seed.company({ adminTwoFactor: true });
    const ann = company.admin;
    const bob = await company.addUser({ role: 'admin', twoFactor: true });
    const cy = await company.addUser({ role: 'admin', twoFactor: true });

    await app.signInWithCode(ann.email, ann.password, ann.authenticator!);
    await app.header.openCompanySettings();
    const settings = app.companySettings;
    await settings.resetTwoFactorFor(bob.email, await ann.authenticator!.nextFreshCode());
    await expect(settings.stepUp.dialog).toBeHidden();
    await expect(settings.usersStatus).toContainText('another administrator must approve this reset');
    await expect(settings.userRowLocator(bob.email)).toContainText('Enabled');
    await expect(settings.resetRequestLocator(bob.email)).toContainText(`asked by ${ann.email}`);
    // The audit log on the same screen shows the request without its Refresh button.
    await expect(settings.auditRowLocator("Reset of an administrator's two-factor requested")).toBeVisible();
    expect(await seriousViolations(app.page), 'company settings with a pending reset request').toEqual([]);
    // Ann cannot approve her own request.
    await expect(app.page.getByRole('button', { name: `Approve reset for ${bob.email}` })).toBeDisabled();
    for (const admin of [ann, bob, cy]) {
      await inbox.waitFor(mailTo(admin.email, "A reset of an administrator's two-factor authentication waits for approval"));
    }
    await app.header.signOut();

    await app.signInWithCode(cy.email, cy.password, cy.authenticator!);
    await app.header.openCompanySettings();
    await settings.approveReset(bob.email, await cy.authenticator!.nextFreshCode());
    await expect(settings.stepUp.dialog).toBeHidden();
    await expect(settings.resetRequestsCard).toContainText('No requests are waiting.');
    await expect(settings.userRowLocator(bob.email)).toContainText('Not enabled');
    await inbox.waitFor(mailTo(bob.email, 'An administrator reset your two-factor authentication'));
    await expect(settings.auditRowLocator('Two-factor reset by an administrator')).toBeVisible();
    await expect(settings.auditRowLocator("Reset of an administrator's two-factor requested")).toBeVisible();
  });

  test('with the email check on, setting up 2FA at sign-in first needs the code emailed to the person', async ({ app, seed, inbox }) => {
    const company = await seed.company({ adminTwoFactor: true });
    await company.requireTwoFactor({ verifyEmailBeforeEnrollment: true });
    const user = await company.addUser();
    await app.signIn.signIn(user.email, user.password);
    await expect(app.enrollmentHeading).toBeVisible();
    await app.enrollment.next();
    const emailCheck = app.page.getByRole('heading', { name: 'Check your email' });
    await expect(emailCheck).toBeVisible();
    expect(await seriousViolations(app.page), 'email code step').toEqual([]);
    const mail = await inbox.waitFor(mailTo(user.email, 'Your code to set up two-factor authentication'));
    const code = /Your code: (\d{6})/.exec(mail.text)?.[1] ?? '';
    await app.page.getByRole('textbox', { name: 'Code from the email' }).fill(code);
    await expect(emailCheck).toBeHidden();
    const { authenticator } = await app.enrollment.setUpWithPhone();
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
    await app.header.signOut();
    await app.signInWithCode(user.email, user.password, authenticator);
  });
});
