import { Authenticator } from '@rms/test-kit/authenticator';
import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';

test.describe('Two-Factor Authentication settings (Create a new Backup code, Change device)', () => {
  test('a new backup code replaces the old one at once', async ({ app, seed, inbox }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    const phone = admin.authenticator!;
    await app.signInWithCode(admin.email, admin.password, phone);

    const settings = app.accountSettings;
    const newCode = await settings.createNewBackupCode(await phone.nextFreshCode());
    expect(newCode).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){3}$/);
    expect(newCode).not.toBe(admin.backupCode);
    await expect(settings.newBackupDoneButton).toBeDisabled();
    await settings.finishNewBackupCode();
    await expect(settings.success).toContainText('the previous one no longer works');
    await inbox.waitFor(mailTo(admin.email, 'A new backup code was created'));

    // The old backup code now fails; the new one works.
    await app.header.signOut();
    await app.signIn.signIn(admin.email, admin.password);
    await app.code.chooseDontKnowTheCode();
    await app.backupCode.signInWithBackupCode(admin.backupCode!);
    await expect(app.backupCode.error).toContainText('That backup code is not correct');
    await app.backupCode.signInWithBackupCode(newCode);
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();
  });

  test("after changing device, the old phone's codes fail and the new phone's work", async ({ app, seed, inbox }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    const oldPhone = admin.authenticator!;
    await app.signInWithCode(admin.email, admin.password, oldPhone);

    const settings = app.accountSettings;
    await settings.startChangeDevice();
    const wizard = settings.wizard;
    await expect(wizard.stepHeading).toHaveText('Confirm with your current phone');
    await wizard.enterCurrentPhoneCode(await oldPhone.nextFreshCode());
    await expect(wizard.stepHeading).toHaveText('Scan the QR code with your new phone');
    const newPhone = await wizard.scanQrCode();
    expect(newPhone.secret).toBe((await wizard.readSetupKey()).replace(/\s+/g, ''));
    expect(newPhone.secret).not.toBe(oldPhone.secret);
    await wizard.next();
    await expect(wizard.stepHeading).toHaveText('Enter the code from your new phone');
    await wizard.enterCode(await newPhone.nextFreshCode());
    await expect(wizard.stepHeading).toHaveText('Your new phone is set up');
    await wizard.closeButton.click();
    await expect(settings.success).toContainText('now uses your new phone');
    await inbox.waitFor(mailTo(admin.email, 'Your two-factor authentication device was changed'));

    await app.header.signOut();
    await app.signIn.signIn(admin.email, admin.password);
    await app.code.enterCode(await oldPhone.nextFreshCode());
    await expect(app.code.error).toHaveText('That code is not correct. Enter the 6-digit code your authenticator app shows now.');
    await app.code.enterCode(await newPhone.nextFreshCode());
    await expect(app.accountSettings.heading).toBeVisible();

    // The backup code stays valid across a device change.
    await app.header.signOut();
    await app.signIn.signIn(admin.email, admin.password);
    await app.code.chooseDontKnowTheCode();
    await app.backupCode.signInWithBackupCode(admin.backupCode!);
    await expect(app.accountSettings.heading).toBeVisible();
  });

  test('the setup key typed by hand gives the same codes as the QR code', async ({ app, seed }) => {
    const { admin } = await seed.company();
    await app.signIn.signIn(admin.email, admin.password);
    await app.accountSettings.enableTwoFactor();
    const wizard = app.accountSettings.wizard;
    await wizard.next();
    const typed = Authenticator.fromSetupKey(await wizard.readSetupKey());
    await wizard.next();
    await wizard.enterCode(await typed.nextFreshCode());
    await expect(wizard.stepHeading).toHaveText('Save your backup code');
  });
});
