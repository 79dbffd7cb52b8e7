import { mkdir } from 'node:fs/promises';
import { expect, test } from '../fixtures/test.js';
import { mailTo } from '@rms/test-kit/smtp-inbox';

/** A new password zxcvbn rates strong (four unrelated words and a number). */
const NEW_PASSWORD = 'lantern-orbit-tundra-quill-42';

test.describe('Password and signed-in devices (Account settings)', () => {
  test('change the password with a code, then sign in with the new one', async ({ app, seed, inbox }) => {
    const company = await seed.company();
    const user = await company.addUser({ twoFactor: true });
    const phone = user.authenticator!;
    await app.signInWithCode(user.email, user.password, phone);

    const settings = app.accountSettings;
    await settings.changePassword(user.password, 'password1234', await phone.nextFreshCode());
    await expect(settings.error).toHaveText('That password is too easy to guess. This is similar to a commonly used password. Add more words that are less common.');
    // The refused password spent nothing: the same code still works for a strong one.
    const panel = settings.changePasswordPanel;
    await panel.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await panel.getByLabel('New password again').fill(NEW_PASSWORD);
    await panel.getByRole('button', { name: 'Change password' }).click();
    await expect(settings.passwordCard.getByRole('status')).toHaveText('Your password was changed; 0 other devices were signed out. Use the new password next time you sign in.');
    await inbox.waitFor(mailTo(user.email, 'Your password was changed'));

    await app.header.signOut();
    await app.signIn.signIn(user.email, user.password);
    await expect(app.signIn.error).toHaveText('The email or password is incorrect. Check both and try again.');
    await app.signInWithCode(user.email, NEW_PASSWORD, phone);
    await expect(app.accountSettings.heading).toBeVisible();
  });

  test("sign out another device: that device's app returns to the sign-in screen", async ({ app, seed, inbox, launchAnotherApp }, testInfo) => {
    const company = await seed.company();
    const user = await company.addUser();
    const otherDataDir = testInfo.outputPath('other-device');
    await mkdir(otherDataDir, { recursive: true });
    const other = await launchAnotherApp({ dataDir: otherDataDir, keychain: 'none', sessionCheckMs: 1000 });

    await other.signIn.signIn(user.email, user.password);
    await expect(other.accountSettings.heading).toBeVisible();
    await app.signIn.signIn(user.email, user.password);
    await expect(app.accountSettings.heading).toBeVisible();

    const settings = app.accountSettings;
    await expect(settings.devices).toHaveCount(2);
    await expect(settings.thisDeviceLocator()).toHaveCount(1);
    await settings.signOutDevice('RMS Console');
    await expect(settings.devices).toHaveCount(1);
    await expect(settings.devicesCard.getByRole('status')).toContainText('was signed out');

    // Nobody touches the other app: it notices on its own and goes back to Sign in.
    await expect(other.signIn.heading).toBeVisible({ timeout: 90_000 });
    await expect(other.page.getByText('This device was signed out')).toBeVisible();
    await inbox.waitFor(mailTo(user.email, 'A device was signed out of your account'));
    // This app is still signed in.
    await app.page.reload();
    await expect(app.accountSettings.heading).toBeVisible();
  });
});
