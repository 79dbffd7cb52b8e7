import { expect, test } from '../fixtures/test.js';

test.describe('Signing in and out (runs against staging too)', () => {
  test('a wrong password gets a sentence; the administrator signs in and out', async ({ app, adminAccount }) => {
    await expect(app.signIn.heading).toBeVisible();
    await app.signIn.signIn(adminAccount.email, 'not-the-password-at-all');
    await expect(app.signIn.error).toHaveText('The email or password is incorrect. Check both and try again.');
    await expect(app.signIn.password).toHaveValue('');

    await app.signIn.signIn(adminAccount.email, adminAccount.password);
    if (adminAccount.authenticator) {
      await expect(app.code.heading).toBeVisible();
      await app.code.enterCode(await adminAccount.authenticator.nextFreshCode());
    }
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.header.button).toContainText(adminAccount.email);
    await app.header.open();
    await expect(app.header.menu.getByRole('menuitem')).toHaveText(['Account settings', 'Company settings', 'Sign out']);
    await app.header.itemLocator('Sign out').click();
    await expect(app.signIn.heading).toBeVisible();
  });
});
