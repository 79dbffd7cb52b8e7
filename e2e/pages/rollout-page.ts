import type { Locator, Page } from '@playwright/test';

/** The rollout parts of Company settings (the plan, its preview) and the reminder screen after sign-in. */
export class RolloutPage {
  readonly appliesTo: Locator;
  readonly graceDays: Locator;
  readonly newUserDays: Locator;
  /** The preview shown before the change is saved. */
  readonly preview: Locator;
  /** The reminder screen a person in the grace period sees after sign-in. */
  readonly reminderHeading: Locator;
  readonly reminderText: Locator;
  readonly setUpNow: Locator;
  readonly later: Locator;
  readonly stateFilter: Locator;

  constructor(private readonly page: Page) {
    this.appliesTo = page.getByRole('combobox', { name: 'Applies to' });
    this.graceDays = page.getByRole('spinbutton', { name: 'Grace period (days)' });
    this.newUserDays = page.getByRole('spinbutton', { name: 'Days for new people' });
    this.preview = page.locator('#rollout-preview');
    this.reminderHeading = page.getByRole('heading', { level: 1, name: 'Two-factor authentication is coming' });
    this.reminderText = page.locator('#reminder-text');
    this.setUpNow = page.getByRole('link', { name: 'Set up now' });
    this.later = page.getByRole('button', { name: /^Later \(\d+ days? left\)$/ });
    this.stateFilter = page.getByRole('combobox', { name: 'Show' });
  }

  /** Required, the plan, OK: the preview and the notification question appear (nothing saved yet). */
  async planRollout(plan: { graceDays: number; newUserDays?: number; appliesTo?: 'Everyone' | 'Administrators only' }): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Two-Factor Authentication at Login' }).selectOption({ label: 'Required' });
    if (plan.appliesTo) await this.appliesTo.selectOption({ label: plan.appliesTo });
    await this.graceDays.fill(String(plan.graceDays));
    await this.newUserDays.fill(String(plan.newUserDays ?? 0));
    await this.page.getByRole('button', { name: 'OK' }).click();
  }

  /** The state badge of one person in the users table. */
  stateOf(email: string): Locator {
    return this.page.getByRole('row').filter({ hasText: email }).getByTestId('rollout-state');
  }
}
