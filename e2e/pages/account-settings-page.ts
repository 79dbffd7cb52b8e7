import type { Locator, Page } from '@playwright/test';
import { BackupCodeCard } from '../components/backup-code-card.js';
import { cardLocator } from '../components/card.js';
import { CodeInput } from '../components/code-input.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import type { AppSession } from '../support/app-session.js';
import { EnrollmentWizard } from './enrollment-wizard.js';

/** Account settings: profile, password, the "Two-Factor Authentication" section and signed-in devices. */
export class AccountSettingsPage {
  readonly heading: Locator;
  /** The "Two-Factor Authentication" switch (checked = enabled). */
  readonly twoFactorSwitch: Locator;
  /** The last success sentence of the section. */
  readonly success: Locator;
  readonly createNewBackupCodeButton: Locator;
  readonly changeDeviceButton: Locator;
  readonly turnOffButton: Locator;
  /** The setup / change-device wizard. */
  readonly wizard: EnrollmentWizard;
  /** "Create a new Backup code" panel. */
  readonly newBackupCodePanel: Locator;
  readonly newBackupCodeInput: CodeInput;
  readonly newBackupCard: BackupCodeCard;
  readonly newBackupDoneButton: Locator;
  readonly error: Locator;
  /** The "Password" card and its "Change password" button. */
  readonly passwordCard: Locator;
  readonly changePasswordButton: Locator;
  /** The "Change password" panel. */
  readonly changePasswordPanel: Locator;
  readonly changePasswordCode: CodeInput;
  /** The "Signed-in devices" card and its list. */
  readonly devicesCard: Locator;
  readonly devices: Locator;
  readonly signOutEverywhereElseButton: Locator;
  readonly dialog: ConfirmDialog;

  constructor(page: Page, session: AppSession) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Account settings' });
    this.twoFactorSwitch = page.getByRole('switch', { name: 'Two-Factor Authentication' });
    this.success = page.getByRole('status').filter({ hasText: /\S/ });
    this.createNewBackupCodeButton = page.getByRole('button', { name: 'Create a new Backup code' });
    this.changeDeviceButton = page.getByRole('button', { name: 'Change device' });
    this.turnOffButton = page.getByRole('button', { name: 'Turn off' });
    this.wizard = new EnrollmentWizard(page, session);
    this.newBackupCodePanel = cardLocator(page, /^(Create a new backup code|Save your new backup code)$/);
    this.newBackupCodeInput = new CodeInput(this.newBackupCodePanel, 'Verification code');
    this.newBackupCard = new BackupCodeCard(this.newBackupCodePanel, session);
    this.newBackupDoneButton = this.newBackupCodePanel.getByRole('button', { name: 'Done' });
    this.error = page.getByRole('alert').filter({ hasText: /\S/ });
    this.passwordCard = cardLocator(page, 'Password');
    this.changePasswordButton = this.passwordCard.getByRole('button', { name: 'Change password' });
    this.changePasswordPanel = cardLocator(page, 'Change password');
    this.changePasswordCode = new CodeInput(this.changePasswordPanel, 'Verification code');
    this.devicesCard = cardLocator(page, 'Signed-in devices');
    this.devices = this.devicesCard.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
    this.signOutEverywhereElseButton = this.devicesCard.getByRole('button', { name: 'Sign out everywhere else' });
    this.dialog = new ConfirmDialog(page);
  }

  /**
   * "Change password": types the current password, the new one twice and (when 2FA is on) a
   * current code, then presses Change password.
   */
  async changePassword(current: string, next: string, code?: string): Promise<void> {
    await this.changePasswordButton.click();
    const panel = this.changePasswordPanel;
    await panel.getByLabel('Current password').fill(current);
    await panel.getByLabel('New password', { exact: true }).fill(next);
    await panel.getByLabel('New password again').fill(next);
    if (code) await this.changePasswordCode.field.fill(code);
    await panel.getByRole('button', { name: 'Change password' }).click();
  }

  /** The device of the list marked "This device". */
  thisDeviceLocator(): Locator {
    return this.devices.filter({ hasText: 'This device' });
  }

  /** Signs out the (only) other device whose description starts with `client`, confirming the dialog. */
  async signOutDevice(client: string | RegExp): Promise<void> {
    const name = typeof client === 'string' ? new RegExp(`^Sign out ${client.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : client;
    await this.devicesCard.getByRole('button', { name }).click();
    await this.dialog.confirm('Sign out');
  }

  /** Turns the "Two-Factor Authentication" switch on: the wizard opens. */
  async enableTwoFactor(): Promise<void> {
    await this.twoFactorSwitch.click();
  }

  /**
   * "Create a new Backup code": enters a current code and returns the new backup code shown.
   * The old one is invalid from then on.
   */
  async createNewBackupCode(currentCode: string): Promise<string> {
    await this.createNewBackupCodeButton.click();
    await this.newBackupCodeInput.type(currentCode);
    await this.newBackupCard.code.waitFor();
    return this.newBackupCard.readCode();
  }

  /** Ticks "saved" and closes the new backup code panel. */
  async finishNewBackupCode(): Promise<void> {
    await this.newBackupCard.confirmSaved();
    await this.newBackupDoneButton.click();
  }

  /** Starts "Change device". */
  async startChangeDevice(): Promise<void> {
    await this.changeDeviceButton.click();
  }
}
