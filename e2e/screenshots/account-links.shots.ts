import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';
import { AccountLinkPage, accountLinkIn } from '../pages/account-link-page.js';
import { shoot } from '../support/screenshot.js';

test('Forgot password form; the server pages of the emailed links (set a new password, this wasn\'t me); a locked user in the users table and its Unlock dialog', async ({ app, seed, inbox, browser }) => {
  const company = await seed.company({ adminTwoFactor: true });
  const user = await company.addUser({ twoFactor: true, name: 'Dana Field' });

  await app.signIn.forgotPasswordLink.click();
  await app.forgotPassword.email.fill(user.email);
  await shoot(app.page, 'forgot-password');
  await app.forgotPassword.sendButton.click();
  await expect(app.forgotPassword.sent).toBeVisible();
  await shoot(app.page, 'forgot-password-sent');

  const context = await browser.newContext();
  const page = new AccountLinkPage(await context.newPage());
  await page.open(accountLinkIn((await inbox.waitFor(mailTo(user.email, 'Set a new password'))).text, 'reset-password'));
  await expect(page.heading).toHaveText('Set a new password');
  await shoot(page.page, 'reset-password-page');
  await page.setPassword('password1234');
  await expect(page.error).toBeVisible();
  await shoot(page.page, 'reset-password-page-weak');

  await page.open(accountLinkIn((await inbox.waitFor(mailTo(user.email, 'Two-factor authentication was turned on'))).text, 'not-me'));
  await expect(page.heading).toHaveText("This wasn't me");
  await shoot(page.page, 'not-me-page');
  await page.lockButton.click();
  await expect(page.heading).toHaveText('Your account is locked');
  await shoot(page.page, 'not-me-page-locked');
  await context.close();

  await app.forgotPassword.backToSignIn.click();
  await app.signInWithCode(company.admin.email, company.admin.password, company.admin.authenticator!);
  await app.header.openCompanySettings();
  const row = app.companySettings.userRowLocator(user.email);
  await expect(row.getByText('Locked', { exact: true })).toBeVisible();
  await shoot(app.page, 'users-locked-badge');
  await app.page.getByRole('button', { name: `Unlock ${user.email}` }).click();
  await expect(app.companySettings.stepUp.dialog).toBeVisible();
  await shoot(app.page, 'unlock-step-up', { fullPage: false });
});
