import type { Locator, Page } from '@playwright/test';
import { Authenticator } from '@rms/test-kit/authenticator';
import { BackupCodeCard } from '../components/backup-code-card.js';
import { cardLocator } from '../components/card.js';
import { CodeInput } from '../components/code-input.js';
import type { AppSession } from '../support/app-session.js';
import { scanQrCode } from '../support/qr-code.js';

const STEP_TITLES =
  /^(Confirm with your current phone|Install an authenticator app|Scan the QR code.*|Enter the (verification code|code from your new phone)|Save your backup code|Two-factor authentication is on|Your new phone is set up)$/;

/**
 * The two-factor setup wizard (docs/two-factor.md#setting-it-up-the-wizard), used from Account settings, by an
 * enrollment-required sign-in and by Change device: apps → QR code + setup key → code → backup code.
 */
export class EnrollmentWizard {
  /** The wizard card (headed by the current step's title). */
  readonly root: Locator;
  /** The current step's title. */
  readonly stepHeading: Locator;
  /** "Step N of M". */
  readonly stepCounter: Locator;
  /** The supported authenticator apps listed on the first step. */
  readonly appNames: Locator;
  readonly nextButton: Locator;
  readonly qrImage: Locator;
  readonly setupKey: Locator;
  /** The code from the (new) authenticator app. */
  readonly code: CodeInput;
  /** Change device: the code from the current (old) phone. */
  readonly currentPhoneCode: CodeInput;
  readonly backupCard: BackupCodeCard;
  readonly doneButton: Locator;
  readonly closeButton: Locator;
  readonly error: Locator;

  constructor(
    private readonly page: Page,
    session: AppSession,
  ) {
    this.root = cardLocator(page, STEP_TITLES);
    this.stepHeading = this.root.getByRole('heading', { level: 2 });
    this.stepCounter = this.root.getByText(/^Step \d+ of \d+$/);
    this.appNames = this.root.getByRole('listitem');
    this.nextButton = this.root.getByRole('button', { name: /^(Next|Preparing…|Checking…)$/ });
    this.qrImage = this.root.getByRole('img', { name: /QR code/ });
    this.setupKey = this.root.getByTestId('setup-key');
    this.code = new CodeInput(this.root, 'Verification code');
    this.currentPhoneCode = new CodeInput(this.root, 'Code from your current phone');
    this.backupCard = new BackupCodeCard(this.root, session);
    this.doneButton = this.root.getByRole('button', { name: /^(Done|Finishing…)$/ });
    this.closeButton = this.root.getByRole('button', { name: 'Close' });
    this.error = this.root.getByRole('alert').filter({ hasText: /\S/ });
  }

  /** Clicks Next. */
  async next(): Promise<void> {
    await this.nextButton.click();
  }

  /** Reads the setup key as shown (grouped in fours). */
  async readSetupKey(): Promise<string> {
    return (await this.setupKey.innerText()).trim();
  }

  /** Points the phone at the QR code on screen: decodes it and returns the app it sets up. */
  async scanQrCode(): Promise<Authenticator> {
    await this.qrImage.waitFor();
    const uri = await scanQrCode(this.qrImage);
    if (!uri) throw new Error('No QR code could be read from the screen.');
    return Authenticator.fromOtpauthUri(uri);
  }

  /** Types the 6-digit code from the authenticator app (submitted on the 6th digit). */
  async enterCode(code: string): Promise<void> {
    await this.code.type(code);
  }

  /** Change device: types the code the current phone shows. */
  async enterCurrentPhoneCode(code: string): Promise<void> {
    await this.currentPhoneCode.type(code);
  }

  /** Clicks Done. */
  async done(): Promise<void> {
    await this.doneButton.click();
  }

  /**
   * Runs the whole setup from the apps step: Next, scan the QR code, Next, enter a fresh code,
   * tick "saved", Done. Returns the new phone and the backup code shown.
   */
  async setUpWithPhone(): Promise<{ authenticator: Authenticator; backupCode: string }> {
    await this.next();
    const authenticator = await this.scanQrCode();
    await this.next();
    await this.enterCode(await authenticator.nextFreshCode());
    await this.backupCard.code.waitFor();
    const backupCode = await this.backupCard.readCode();
    await this.backupCard.confirmSaved();
    await this.done();
    await this.page.getByRole('heading', { level: 1, name: 'Account settings' }).waitFor();
    return { authenticator, backupCode };
  }
}
