import { expect, test } from '../fixtures/test.js';
import { shoot } from '../support/screenshot.js';

test("Lowering the company's protection asks for the administrator's own code", async ({ app, seed }) => {
  const company = await seed.company({ adminTwoFactor: true });
  const admin = company.admin;
  await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
  await app.header.openCompanySettings();
  const settings = app.companySettings;
  await settings.requireTwoFactor({ notifyUsers: false });
  await expect(settings.policyStatus).toContainText('now required at login');
  await settings.chooseOptional();
  await expect(settings.stepUp.dialog).toContainText("Lower the company's two-factor protection?");
  await shoot(app.page, 'policy-lowering-step-up', { fullPage: false });
});
