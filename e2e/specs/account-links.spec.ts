import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';
import { AccountLinkPage, accountLinkIn } from '../pages/account-link-page.js';
import { seriousViolations } from '../support/accessibility.js';

/** A new password zxcvbn rates strong. */
const NEW_PASSWORD = 'saffron-glacier-meadow-lute-73';

async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await seriousViolations(page), `axe: serious/critical violations on ${screen}`).toEqual([]);
}

test.describe('Emailed one-time links, opened in the browser', () => {
  test.describe.configure({ timeout: 360_000 });

  test('"Forgot password?": the emailed link opens the server page, a new password is set there, and sign-in still asks for the code', async ({ app, seed, inbox, browser }) => {
    const company = await seed.company();
    const user = await company.addUser({ twoFactor: true });

    await app.signIn.forgotPasswordLink.click();
    await expect(app.forgotPassword.heading).toBeVisible();
    await expectAccessible(app.page, 'forgot password');
    await app.forgotPassword.requestLink(user.email);
    await expect(app.forgotPassword.sent).toHaveText('If the address has an account, we sent a link to set a new password. It works once, for 30 minutes.');
    await expectAccessible(app.page, 'forgot password, sent');

    const mail = await inbox.waitFor(mailTo(user.email, 'Set a new password'));
    // The person's browser, not the app, opens the link.
    const context = await browser.newContext();
    const resetPage = new AccountLinkPage(await context.newPage());
    await resetPage.open(accountLinkIn(mail.text, 'reset-password'));
    await expect(resetPage.heading).toHaveText('Set a new password');
    await expectAccessible(resetPage.page, 'server page: set a new password');
    await resetPage.setPassword('password1234');
    await expect(resetPage.error).toContainText('That password is too easy to guess.');
    await expectAccessible(resetPage.page, 'server page: weak password refused');
    await resetPage.setPassword(NEW_PASSWORD);
    await expect(resetPage.heading).toHaveText('Your password was changed');
    await expectAccessible(resetPage.page, 'server page: password changed');
    await inbox.waitFor(mailTo(user.email, 'Your password was reset'));
    await context.close();

    await app.forgotPassword.backToSignIn.click();
    await app.signIn.signIn(user.email, user.password);
    await expect(app.signIn.error).toHaveText('The email or password is incorrect. Check both and try again.');
    await app.signIn.signIn(user.email, NEW_PASSWORD);
    // Two-factor authentication is untouched: the link alone never signs anyone in.
    await expect(app.code.heading).toBeVisible();
    await app.code.enterCode(await user.authenticator!.nextFreshCode());
    await expect(app.accountSettings.heading).toBeVisible();
  });

  test('"This wasn\'t me": the link locks the account, the user\'s app returns to sign-in and is refused; an administrator unlocks it', async ({ app, seed, inbox, browser, launchAnotherApp }, testInfo) => {
    const company = await seed.company({ adminTwoFactor: true });
    const { admin } = company;
    const user = await company.addUser({ twoFactor: true });
    const userDir = testInfo.outputPath('user-device');
    await mkdir(userDir, { recursive: true });
    const userApp = await launchAnotherApp({ dataDir: userDir, keychain: 'none', sessionCheckMs: 1000 });
    await userApp.signInWithCode(user.email, user.password, user.authenticator!);

    const mail = await inbox.waitFor(mailTo(user.email, 'Two-factor authentication was turned on'));
    const context = await browser.newContext();
    const notMe = new AccountLinkPage(await context.newPage());
    await notMe.open(accountLinkIn(mail.text, 'not-me'));
    await expect(notMe.heading).toHaveText("This wasn't me");
    await expectAccessible(notMe.page, "server page: this wasn't me");
    await notMe.lockButton.click();
    await expect(notMe.heading).toHaveText('Your account is locked');
    await expectAccessible(notMe.page, 'server page: account locked');
    await context.close();

    // Nobody touches the user's app: it notices its session ended and goes back to Sign in.
    await expect(userApp.signIn.heading).toBeVisible({ timeout: 90_000 });
    await userApp.signIn.signIn(user.email, user.password);
    await expect(userApp.signIn.error).toHaveText(
      'Sign-in to this account is locked because someone reported activity on it that was not theirs. Contact your administrator to unlock it.',
    );
    await inbox.waitFor(mailTo(admin.email, 'A user reported activity that was not theirs'));

    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
    await app.header.openCompanySettings();
    const settings = app.companySettings;
    const row = settings.userRowLocator(user.email);
    await expect(row.getByText('Locked', { exact: true })).toBeVisible();
    await expectAccessible(app.page, 'company settings with a locked user');
    await settings.unlock(user.email, await admin.authenticator!.nextFreshCode());
    await expect(row.getByText('Locked', { exact: true })).toHaveCount(0);
    await expect(app.page.getByRole('status').filter({ hasText: 'can sign in again' })).toBeVisible();
    await inbox.waitFor(mailTo(user.email, 'Sign-in to your account was unlocked'));

    await userApp.signInWithCode(user.email, user.password, user.authenticator!);
    await expect(userApp.accountSettings.heading).toBeVisible();
  });

  test('an administrator signs a user out everywhere with their own code: the user\'s app returns to sign-in, and the user is emailed', async ({ app, seed, inbox, launchAnotherApp }, testInfo) => {
    const company = await seed.company({ adminTwoFactor: true });
    const { admin } = company;
    const user = await company.addUser();
    const userDir = testInfo.outputPath('user-device');
    await mkdir(userDir, { recursive: true });
    const userApp = await launchAnotherApp({ dataDir: userDir, keychain: 'none', sessionCheckMs: 1000 });
    await userApp.signIn.signIn(user.email, user.password);
    await expect(userApp.accountSettings.heading).toBeVisible();

    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
    await app.header.openCompanySettings();
    await app.companySettings.signOutEverywhere(user.email, await admin.authenticator!.nextFreshCode());
    await expect(app.page.getByRole('status').filter({ hasText: 'was signed out on 1 device' })).toBeVisible();

    await expect(userApp.signIn.heading).toBeVisible({ timeout: 90_000 });
    await inbox.waitFor(mailTo(user.email, 'An administrator signed your account out everywhere'));
    // Not locked: they sign in again at once.
    await userApp.signIn.signIn(user.email, user.password);
    await expect(userApp.accountSettings.heading).toBeVisible();
  });
});
