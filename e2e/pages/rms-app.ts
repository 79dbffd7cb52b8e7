import type { Locator, Page } from '@playwright/test';
import type { Authenticator } from '@rms/test-kit/authenticator';
import { HeaderMenu } from '../components/header-menu.js';
import type { AppSession } from '../support/app-session.js';
import { AccountSettingsPage } from './account-settings-page.js';
import { BackupCodePage } from './backup-code-page.js';
import { CodePage } from './code-page.js';
import { CompanySettingsPage } from './company-settings-page.js';
import { ConnectPage } from './connect-page.js';
import { EnrollmentWizard } from './enrollment-wizard.js';
import { ForgotPasswordPage } from './forgot-password-page.js';
import { SignInPage } from './sign-in-page.js';

/** The app's window: the header menu, the notices and every screen. */
export class RmsApp {
  readonly page: Page;
  readonly header: HeaderMenu;
  readonly connect: ConnectPage;
  readonly signIn: SignInPage;
  readonly forgotPassword: ForgotPasswordPage;
  readonly code: CodePage;
  readonly backupCode: BackupCodePage;
  /** The enrollment-required sign-in screen's wizard. */
  readonly enrollment: EnrollmentWizard;
  /** The enrollment-required screen's title. */
  readonly enrollmentHeading: Locator;
  readonly accountSettings: AccountSettingsPage;
  readonly companySettings: CompanySettingsPage;
  /** "Session not saved: ..." when no keychain is usable. */
  readonly storageWarning: Locator;
  /** The current screen's title (h1). */
  readonly screenHeading: Locator;

  constructor(readonly session: AppSession) {
    const page = session.page;
    this.page = page;
    this.header = new HeaderMenu(page);
    this.connect = new ConnectPage(page);
    this.signIn = new SignInPage(page);
    this.forgotPassword = new ForgotPasswordPage(page);
    this.code = new CodePage(page);
    this.backupCode = new BackupCodePage(page);
    this.enrollment = new EnrollmentWizard(page, session);
    this.enrollmentHeading = page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' });
    this.accountSettings = new AccountSettingsPage(page, session);
    this.companySettings = new CompanySettingsPage(page);
    this.storageWarning = page.getByTestId('storage-warning');
    this.screenHeading = page.getByRole('heading', { level: 1 });
  }

  /**
   * Signs in with email + password and, when the code screen appears, a fresh code from `phone`.
   * Waits until Account settings shows (the signed-in home screen).
   */
  async signInWithCode(email: string, password: string, phone: Authenticator): Promise<void> {
    await this.signIn.signIn(email, password);
    await this.code.heading.waitFor();
    await this.code.enterCode(await phone.nextFreshCode());
    await this.accountSettings.heading.waitFor();
  }
}
