import type { Locator, Page } from '@playwright/test';
import { cardLocator } from '../components/card.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { StepUpDialog } from '../components/step-up-dialog.js';

/** Company settings (administrators): the 2FA policy, notification progress, users, audit log. */
export class CompanySettingsPage {
  readonly heading: Locator;
  /** "Two-Factor Authentication at Login": Optional / Required. */
  readonly policySelect: Locator;
  readonly okButton: Locator;
  /** The note shown to an administrator without 2FA. */
  readonly needsOwnTwoFactorNote: Locator;
  /** "Send a notification email to users without two-factor authentication?" */
  readonly notifyQuestion: Locator;
  /** The policy card's confirmation sentence. */
  readonly policyStatus: Locator;
  /** The notification campaign's progress bar. */
  readonly campaignProgress: Locator;
  /** "Sent N of M". */
  readonly campaignSummary: Locator;
  readonly usersTable: Locator;
  /** "N of M users (P%) have two-factor authentication enabled; K without." */
  readonly compliance: Locator;
  readonly auditTable: Locator;
  readonly confirmDialog: ConfirmDialog;
  /** The dialog asking for the administrator's own code before an action on someone else's 2FA. */
  readonly stepUp: StepUpDialog;
  readonly error: Locator;
  /** "Pending reset requests": resets of administrators waiting for a second administrator. */
  readonly resetRequestsCard: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: /^Company settings/ });
    this.policySelect = page.getByRole('combobox', { name: 'Two-Factor Authentication at Login' });
    this.okButton = page.getByRole('button', { name: 'OK' });
    this.needsOwnTwoFactorNote = page.getByText('To change this setting, turn on two-factor authentication for your own account first.');
    this.notifyQuestion = page.getByRole('group', { name: /Send a notification email/ });
    this.policyStatus = page.getByRole('status').filter({ hasText: /two-factor authentication (is now|at login)/i });
    this.campaignProgress = page.getByRole('progressbar', { name: 'Notification emails' });
    this.campaignSummary = page.getByText(/^Sent \d+ of \d+/);
    this.usersTable = page.getByRole('table', { name: 'Users and their two-factor authentication status' });
    this.compliance = page.getByText(/users? \(\d+%\) have two-factor authentication enabled/);
    this.auditTable = page.getByRole('table', { name: /events, newest first/ });
    this.confirmDialog = new ConfirmDialog(page);
    this.stepUp = new StepUpDialog(page);
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
    this.resetRequestsCard = page.getByRole('region', { name: 'Pending reset requests' });
  }

  /** The users table's status sentence (after an action on a user). */
  get usersStatus(): Locator {
    return cardLocator(this.page, 'Users').getByRole('status');
  }

  /** The pending request about one administrator. */
  resetRequestLocator(targetEmail: string): Locator {
    return this.resetRequestsCard.getByRole('listitem').filter({ hasText: targetEmail });
  }

  /** Approves the pending reset of one administrator with the approving administrator's own code. */
  async approveReset(targetEmail: string, adminCode: string): Promise<void> {
    await this.page.getByRole('button', { name: `Approve reset for ${targetEmail}` }).click();
    await this.stepUp.confirmWithCode(adminCode);
  }

  /**
   * Issues a temporary access code for one user with the administrator's own code; answers the
   * code the dialog shows (once). The dialog stays open: close it with {@link closeTemporaryCode}.
   */
  async issueTemporaryCode(email: string, adminCode: string): Promise<string> {
    await this.page.getByRole('button', { name: `Issue temporary code for ${email}` }).click();
    await this.stepUp.confirmWithCode(adminCode);
    const shown = this.page.getByRole('dialog').locator('code');
    await shown.waitFor();
    return (await shown.textContent())?.trim() ?? '';
  }

  /** Closes the dialog that shows a temporary access code (Done). */
  async closeTemporaryCode(): Promise<void> {
    await this.page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  }

  /** The users-table row of one person. */
  userRowLocator(email: string): Locator {
    return this.usersTable.getByRole('row').filter({ hasText: email });
  }

  /** An audit-log row mentioning `text` (event name or email). */
  auditRowLocator(text: string | RegExp): Locator {
    return this.auditTable.getByRole('row').filter({ hasText: text });
  }

  /** Reloads the audit log (its Refresh button). */
  async refreshAuditLog(): Promise<void> {
    await cardLocator(this.page, 'Audit log').getByRole('button', { name: 'Refresh' }).click();
  }

  /** Seed company steps 3–4: Required, OK, then answer the notification question. */
  async requireTwoFactor(options: { notifyUsers: boolean }): Promise<void> {
    await this.policySelect.selectOption({ label: 'Required' });
    await this.okButton.click();
    await this.notifyQuestion.getByRole('button', { name: options.notifyUsers ? 'Require and send emails' : 'Require without emails' }).click();
  }

  /** Turns the requirement to Optional: select, OK, then the step-up dialog opens (lowering protection needs the admin's own code; confirm with `stepUp`). */
  async chooseOptional(): Promise<void> {
    await this.policySelect.selectOption({ label: 'Optional' });
    await this.okButton.click();
  }

  /** Opens the step-up dialog of one user's "Reset two-factor". */
  async openResetTwoFactorFor(email: string): Promise<void> {
    await this.page.getByRole('button', { name: `Reset two-factor for ${email}` }).click();
  }

  /** Resets one user's 2FA: the row's button, then the administrator's own code in the step-up dialog. */
  async resetTwoFactorFor(email: string, adminCode: string): Promise<void> {
    await this.openResetTwoFactorFor(email);
    await this.stepUp.confirmWithCode(adminCode);
  }

  /** Unlocks one user's sign-in: the row's Unlock, then the administrator's own code. */
  async unlock(email: string, adminCode: string): Promise<void> {
    await this.page.getByRole('button', { name: `Unlock ${email}` }).click();
    await this.stepUp.confirmWithCode(adminCode);
  }

  /** Signs one user out on every device: the row's button, then the administrator's own code. */
  async signOutEverywhere(email: string, adminCode: string): Promise<void> {
    await this.page.getByRole('button', { name: `Sign out everywhere ${email}` }).click();
    await this.stepUp.confirmWithCode(adminCode);
  }
}
