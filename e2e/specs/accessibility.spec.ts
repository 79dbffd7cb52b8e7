import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/test.js';
import { seriousViolations } from '../support/accessibility.js';

/** Asserts axe finds no serious or critical violation on the screen as it is now. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await seriousViolations(page), `axe: serious/critical violations on ${screen}`).toEqual([]);
}

test.describe('Accessibility: no serious or critical axe violation on any screen', () => {
  // axe walks the whole DOM on every screen; on a loaded CI machine that takes a while.
  test.describe.configure({ timeout: 360_000 });

  test('sign-in, verification code and backup code screens', async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    await expect(app.signIn.heading).toBeVisible();
    await expectAccessible(app.page, 'sign-in');

    await app.signIn.signIn(admin.email, 'wrong password, surely');
    await expect(app.signIn.error).toBeVisible();
    await expectAccessible(app.page, 'sign-in with an error');

    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();
    await expectAccessible(app.page, 'verification code');
    await app.code.enterCode(admin.authenticator!.wrongCode());
    await expect(app.code.error).toBeVisible();
    await expectAccessible(app.page, 'verification code with an error');

    await app.code.chooseDontKnowTheCode();
    await expect(app.backupCode.heading).toBeVisible();
    await expectAccessible(app.page, 'backup code');
  });

  test('account settings, header menu and company settings', async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    await app.signIn.signIn(admin.email, admin.password);
    await app.code.enterCode(await admin.authenticator!.nextFreshCode());
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
    await expectAccessible(app.page, 'account settings (2FA on)');
    await app.header.open();
    await expectAccessible(app.page, 'header menu open');
    await app.page.keyboard.press('Escape');

    await app.header.openCompanySettings();
    await expect(app.companySettings.usersTable).toBeVisible();
    await expectAccessible(app.page, 'company settings');
    await app.companySettings.policySelect.selectOption({ label: 'Required' });
    await app.companySettings.okButton.click();
    await expect(app.companySettings.notifyQuestion).toBeVisible();
    await expectAccessible(app.page, 'company settings, notify question');
  });

  test('password and signed-in devices in account settings', async ({ app, seed }) => {
    const company = await seed.company();
    const user = await company.addUser({ twoFactor: true });
    await app.signInWithCode(user.email, user.password, user.authenticator!);
    const settings = app.accountSettings;
    await expect(settings.devices).toHaveCount(1);
    await expectAccessible(app.page, 'account settings with signed-in devices');
    await settings.changePassword(user.password, 'password1234', '123456');
    await expect(settings.error).toBeVisible();
    await expectAccessible(app.page, 'change password with an error');
  });

  test('every step of the two-factor setup wizard', async ({ app, seed }) => {
    const { admin } = await seed.company();
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.accountSettings.heading).toBeVisible();
    await expectAccessible(app.page, 'account settings (2FA off)');

    await app.accountSettings.enableTwoFactor();
    const wizard = app.accountSettings.wizard;
    await expect(wizard.stepHeading).toHaveText('Install an authenticator app');
    await expectAccessible(app.page, 'wizard: apps');
    await wizard.next();
    await expect(wizard.qrImage).toBeVisible();
    await expectAccessible(app.page, 'wizard: QR code and setup key');
    const phone = await wizard.scanQrCode();
    await wizard.next();
    await expect(wizard.stepHeading).toHaveText('Enter the verification code');
    await expectAccessible(app.page, 'wizard: code');
    await wizard.enterCode(await phone.nextFreshCode());
    await expect(wizard.stepHeading).toHaveText('Save your backup code');
    await expectAccessible(app.page, 'wizard: backup code');
    await wizard.backupCard.confirmSaved();
    await wizard.done();
    await expect(app.accountSettings.success).toContainText('Two-factor authentication is on.');
    await expectAccessible(app.page, 'account settings after the wizard');
  });

  test('the enrollment-required sign-in', async ({ app, seed }) => {
    const company = await seed.company({ adminTwoFactor: true });
    await company.requireTwoFactor();
    const user = await company.addUser();
    await app.signIn.signIn(user.email, user.password);
    await expect(app.enrollmentHeading).toBeVisible();
    await expectAccessible(app.page, 'enrollment required');
  });
});
