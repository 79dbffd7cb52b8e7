import { expect, test } from '../fixtures/test.js';

test.describe('When the company requires 2FA (seed company steps 5–6)', () => {
  test('a user without 2FA is walked through setup and can do nothing else until it is done', async ({ app, seed }) => {
    const company = await seed.company({ adminTwoFactor: true });
    await company.requireTwoFactor();
    const user = await company.addUser();

    await app.signIn.signIn(user.email, user.password);
    await expect(app.enrollmentHeading).toBeVisible();
    await expect(app.enrollment.stepHeading).toHaveText('Install an authenticator app');

    // Only "Sign out" is on offer, and other screens lead back to the setup.
    await app.header.open();
    await expect(app.header.menu.getByRole('menuitem')).toHaveText(['Sign out']);
    await app.page.keyboard.press('Escape');
    for (const screen of ['#/account', '#/company', '#/sign-in']) {
      await app.page.evaluate((hash) => (window.location.hash = hash), screen);
      await expect(app.enrollmentHeading).toBeVisible();
      await expect(app.accountSettings.heading).toBeHidden();
    }

    const { authenticator } = await app.enrollment.setUpWithPhone();
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
    await app.header.open();
    await expect(app.header.menu.getByRole('menuitem')).toHaveText(['Account settings', 'Sign out']);
    await app.page.keyboard.press('Escape');

    await app.header.signOut();
    await app.signInWithCode(user.email, user.password, authenticator);
    await expect(app.accountSettings.twoFactorSwitch).toBeChecked();
  });
});
