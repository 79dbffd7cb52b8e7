import { mailTo } from '@rms/test-kit/smtp-inbox';
import { expect, test } from '../fixtures/test.js';

test.describe('Company settings: the 2FA requirement, notifications and resets (docs/two-factor.md#company-policy)', () => {
  test('an administrator without 2FA cannot require it', async ({ app, seed }) => {
    const { admin } = await seed.company({ adminTwoFactor: false });
    await app.signIn.signIn(admin.email, admin.password);
    await app.header.openCompanySettings();
    const company = app.companySettings;
    await expect(company.heading).toBeVisible();
    await expect(company.needsOwnTwoFactorNote).toBeVisible();
    await expect(company.policySelect).toBeDisabled();
    await expect(company.policySelect).toHaveValue('optional');
    await expect(company.okButton).toBeDisabled();
  });

  test('requiring 2FA with notification emails every unenrolled user exactly once; the progress bar reaches the total', async ({ app, seed, inbox }) => {
    const seeded = await seed.company({ adminTwoFactor: true });
    const unenrolled = [await seeded.addUser(), await seeded.addUser(), await seeded.addUser({ role: 'admin' })];
    const enrolled = await seeded.addUser({ twoFactor: true });
    const admin = seeded.admin;
    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);

    // Seed company steps 1–4: the down-arrow menu → Company settings → Required, OK → send emails.
    await app.header.openCompanySettings();
    const company = app.companySettings;
    await expect(company.policySelect).toHaveValue('optional');
    await company.requireTwoFactor({ notifyUsers: true });
    await expect(company.policyStatus).toContainText('now required at login');
    await expect(company.policySelect).toHaveValue('required');

    await expect(company.campaignSummary).toHaveText(`Sent ${unenrolled.length} of ${unenrolled.length} — finished`, { timeout: 60_000 });
    await expect(company.campaignProgress).toHaveAttribute('max', String(unenrolled.length));
    await expect(company.campaignProgress).toHaveAttribute('value', String(unenrolled.length));

    const notice = `${seeded.name} now requires two-factor authentication`;
    for (const user of unenrolled) {
      const mails = await inbox.waitForCount(mailTo(user.email, notice), 1);
      expect(mails, `notice emails to ${user.email}`).toHaveLength(1);
    }
    expect(inbox.to(enrolled.email).filter(mailTo(enrolled.email, notice))).toHaveLength(0);
    expect(inbox.to(admin.email).filter(mailTo(admin.email, notice))).toHaveLength(0);
    await company.refreshAuditLog();
    await expect(company.auditRowLocator('Notification emails started')).toBeVisible();
    await expect(company.auditRowLocator('Two-factor requirement changed')).toBeVisible();
  });

  test('turning the requirement off needs the administrator\'s own code; every administrator is emailed', async ({ app, seed, inbox }) => {
    const seeded = await seed.company({ adminTwoFactor: true });
    const other = await seeded.addUser({ role: 'admin' });
    const admin = seeded.admin;
    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
    await app.header.openCompanySettings();
    const company = app.companySettings;
    await company.requireTwoFactor({ notifyUsers: false });
    await expect(company.policyStatus).toContainText('now required at login');

    await company.chooseOptional();
    await expect(company.stepUp.dialog).toContainText("Lower the company's two-factor protection?");
    await company.stepUp.confirmWithCode(admin.authenticator!.wrongCode());
    await expect(company.stepUp.error).toHaveText('That code is not correct. Enter the 6-digit code your authenticator app shows now.');
    await company.stepUp.confirmWithCode(await admin.authenticator!.nextFreshCode());
    await expect(company.stepUp.dialog).toBeHidden();
    await expect(company.policyStatus).toContainText('now optional');
    await expect(company.policySelect).toHaveValue('optional');
    for (const email of [admin.email, other.email]) await inbox.waitFor(mailTo(email, "The company's two-factor protection was lowered"));
    await company.refreshAuditLog();
    await expect(company.auditRowLocator("Company's protection lowered (with the administrator's code)")).toBeVisible();

    // The email check before a first setup: on without a code; turning it off lowers protection too.
    const emailCheck = app.page.getByRole('checkbox', { name: "Check the person's email before a first setup" });
    const saveEmailCheck = app.page.getByRole('form', { name: 'Email check before setup' }).getByRole('button', { name: 'Save' });
    await emailCheck.check();
    await saveEmailCheck.click();
    await expect(app.page.getByText('The email check is now on.')).toBeVisible();
    await emailCheck.uncheck();
    await saveEmailCheck.click();
    await expect(company.stepUp.dialog).toContainText('Turn off the email check?');
    await company.stepUp.confirmWithCode(await admin.authenticator!.nextFreshCode());
    await expect(company.stepUp.dialog).toBeHidden();
    await expect(app.page.getByText('The email check is now off.')).toBeVisible();
    await expect(emailCheck).not.toBeChecked();
    await expect(company.auditRowLocator('Email check before setup changed')).toHaveCount(2);
  });

  test("an administrator resets a user's 2FA with their own code: the user is emailed and signs in without a code", async ({ app, seed, inbox }) => {
    const seeded = await seed.company({ adminTwoFactor: true });
    const user = await seeded.addUser({ twoFactor: true });
    const admin = seeded.admin;
    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
    await app.header.openCompanySettings();
    const company = app.companySettings;
    const row = company.userRowLocator(user.email);
    await expect(row).toContainText('Enabled');

    // Step-up: the administrator's own code; a wrong one is explained in the dialog and changes nothing.
    await company.openResetTwoFactorFor(user.email);
    await company.stepUp.confirmWithCode(admin.authenticator!.wrongCode());
    await expect(company.stepUp.error).toHaveText('That code is not correct. Enter the 6-digit code your authenticator app shows now.');
    await expect(row).toContainText('Enabled');
    await company.stepUp.confirmWithCode(await admin.authenticator!.nextFreshCode());
    await expect(company.stepUp.dialog).toBeHidden();
    await expect(row).toContainText('Not enabled');
    await inbox.waitFor(mailTo(user.email, 'An administrator reset your two-factor authentication'));

    await app.header.signOut();
    await app.signIn.signIn(user.email, user.password);
    await expect(app.accountSettings.heading).toBeVisible();
    await expect(app.accountSettings.twoFactorSwitch).not.toBeChecked();
  });
});
