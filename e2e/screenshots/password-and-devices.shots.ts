import { mkdir } from 'node:fs/promises';
import { expect, test } from '../fixtures/test.js';
import { shoot } from '../support/screenshot.js';

test('Account settings: Password and Signed-in devices; Change password with the strength sentence; signing a device out', async ({ app, seed, launchAnotherApp }, testInfo) => {
  const company = await seed.company();
  const user = await company.addUser({ twoFactor: true, name: 'Dana Field' });
  const phone = user.authenticator!;
  const laptopDir = testInfo.outputPath('laptop');
  await mkdir(laptopDir, { recursive: true });
  const laptop = await launchAnotherApp({ dataDir: laptopDir, sessionCheckMs: 1000 });
  await laptop.signInWithCode(user.email, user.password, phone);
  await app.signInWithCode(user.email, user.password, phone);

  const settings = app.accountSettings;
  await expect(settings.devices).toHaveCount(2);
  await shoot(app.page, 'account-password-devices');

  await settings.changePassword(user.password, 'password1234', await phone.nextFreshCode());
  await expect(settings.error).toContainText('too easy to guess');
  await shoot(app.page, 'change-password-weak');
  await settings.changePasswordPanel.getByRole('button', { name: 'Cancel' }).click();

  await settings.devicesCard.getByRole('button', { name: /^Sign out RMS Console/ }).click();
  await expect(settings.dialog.dialog).toBeVisible();
  await shoot(app.page, 'sign-out-device-confirm', { fullPage: false });
  await settings.dialog.confirm('Sign out');
  await expect(settings.devices).toHaveCount(1);
  await expect(laptop.signIn.heading).toBeVisible({ timeout: 90_000 });
  await shoot(laptop.page, 'signed-out-elsewhere');
});
