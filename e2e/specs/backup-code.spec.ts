import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';

test.describe("\"Don't know the code\" and the backup code (docs/two-factor.md#sign-in)", () => {
  test('the backup code signs in, resets two-factor authentication and the user is emailed', async ({ app, seed, inbox }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.code.heading).toBeVisible();

    await app.code.chooseDontKnowTheCode();
    await expect(app.backupCode.heading).toBeVisible();
    await expect(app.backupCode.resetWarning).toBeVisible();
    // Typed the way people do: lower case, spaces instead of dashes.
    await app.backupCode.signInWithBackupCode(admin.backupCode!.toLowerCase().replaceAll('-', ' '));

    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();
    await inbox.waitFor(mailTo(admin.email, 'Your backup code was used: two-factor authentication was reset'));

    // Two-factor is off now: the next sign-in asks no code, and the phone is no longer needed.
    await app.header.signOut();
    await app.signIn.signIn(admin.email, admin.password);
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();
  });

  test('a wrong backup code is refused and the code step is still there', async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: true });
    await app.signIn.signIn(admin.email, admin.password);
    await app.code.chooseDontKnowTheCode();
    await app.backupCode.signInWithBackupCode('AAAAA-BBBBB-CCCCC-DDDDD');
    await expect(app.backupCode.error).toContainText('That backup code is not correct');
    await expect(app.backupCode.heading).toBeVisible();
  });

  test('when the company requires 2FA, the backup code leads straight into a new setup', async ({ app, seed }) => {
    const company = await seed.company({ adminTwoFactor: true });
    await company.requireTwoFactor();
    const user = await company.addUser({ twoFactor: true });
    await app.signIn.signIn(user.email, user.password);
    await app.code.chooseDontKnowTheCode();
    await app.backupCode.signInWithBackupCode(user.backupCode!);

    await expect(app.enrollmentHeading).toBeVisible();
    await expect(app.page.getByText('You signed in with your backup code, so two-factor authentication was reset.')).toBeVisible();
    const { authenticator } = await app.enrollment.setUpWithPhone();
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();

    await app.header.signOut();
    await app.signInWithCode(user.email, user.password, authenticator);
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
  });
});
