import { SUPPORTED_AUTHENTICATOR_APPS } from '@rms/shared';
import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';

test.describe('Enabling two-factor authentication (docs/two-factor.md#setting-it-up-the-wizard)', () => {
  test('from the header menu through the wizard; the next sign-in asks for the code', async ({ app, seed, inbox }) => {
    const { admin } = await seed.company();
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.accountSettings.heading).toBeVisible();

    // Steps 1–2: the down-arrow menu in the upper-right corner → Account settings.
    await app.header.open();
    await expect(app.header.itemLocator('Account settings')).toBeVisible();
    await app.header.openAccountSettings();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();

    // Step 3: enable "Two-Factor Authentication"; the wizard lists the supported apps.
    await app.accountSettings.enableTwoFactor();
    const wizard = app.accountSettings.wizard;
    await expect(wizard.stepHeading).toHaveText('Install an authenticator app');
    await expect(wizard.appNames).toHaveText([...SUPPORTED_AUTHENTICATOR_APPS]);

    // Steps 4–5: Next → the QR code and the setup key; the phone scans the QR code.
    await wizard.next();
    await expect(wizard.stepHeading).toHaveText('Scan the QR code');
    const phone = await wizard.scanQrCode();
    const shownKey = await wizard.readSetupKey();
    expect(shownKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    expect(phone.secret, 'the QR code carries the setup key shown next to it').toBe(shownKey.replace(/\s+/g, ''));
    expect(phone.uriParts).toEqual({ issuer: 'RMS', account: admin.email, secret: phone.secret, algorithm: 'SHA1', digits: 6, period: 30 });
    expect(phone.secret, '160-bit secret = 32 base32 characters').toHaveLength(32);

    // Step 6: Next → the 6-digit code from the app.
    await wizard.next();
    await expect(wizard.stepHeading).toHaveText('Enter the verification code');
    await wizard.enterCode(await phone.nextFreshCode());

    // Step 7: the backup code; Done stays disabled until "The backup code has been saved" is ticked.
    await expect(wizard.stepHeading).toHaveText('Save your backup code');
    const backupCode = await wizard.backupCard.readCode();
    expect(backupCode).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    await expect(wizard.doneButton).toBeDisabled();
    const file = await wizard.backupCard.download();
    expect(file.fileName).toMatch(/\.txt$/);
    expect(file.contents).toContain(backupCode);
    expect(file.contents).toContain(admin.email);
    await expect(wizard.doneButton).toBeDisabled();
    await wizard.backupCard.confirmSaved();
    await expect(wizard.doneButton).toBeEnabled();
    await wizard.done();
    await expect(app.accountSettings.success).toContainText('Two-factor authentication is on.');
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();

    // Every change to a user's 2FA emails the user.
    await inbox.waitFor(mailTo(admin.email, 'Two-factor authentication was turned on'));

    // Step 8: the next sign-in asks for the code from the authenticator app.
    await app.header.signOut();
    await expect(app.signIn.heading).toBeVisible();
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();
    await app.code.enterCode(await phone.nextFreshCode());
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
  });

  test('an abandoned setup changes nothing: sign-in still needs no code', async ({ app, seed }) => {
    const { admin } = await seed.company();
    await app.signIn.signIn(admin.email, admin.password);
    await app.header.openAccountSettings();
    await app.accountSettings.enableTwoFactor();
    const wizard = app.accountSettings.wizard;
    await wizard.next();
    const phone = await wizard.scanQrCode();
    await wizard.next();
    await wizard.enterCode(await phone.nextFreshCode());
    await expect(wizard.stepHeading).toHaveText('Save your backup code');
    await wizard.root.getByRole('button', { name: 'Cancel' }).click();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();

    await app.header.signOut();
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();
  });
});
