import { describe, expect, it } from 'vitest';
import { formatUtc, renderCampaignNotice, renderSecurityNotice, textToHtml } from '../../src/mail/mail-texts.js';
import type { SecurityEventKind } from '../../src/mail/notifications.js';
import { DEFAULT_RETRY_POLICY, isPermanentSmtpError, retryDelayMs } from '../../src/mail/retry-policy.js';
import { describeDeliveryFailure } from '../../src/mail/mail-worker.js';

const KINDS: SecurityEventKind[] = [
  'two_factor_enabled', 'two_factor_disabled', 'two_factor_reset_by_backup_code', 'two_factor_reset_by_admin',
  'backup_code_regenerated', 'device_changed', 'code_reused', 'account_locked',
];

describe('notice texts (unit)', () => {
  it('every security notice says what, when in UTC, from where, and what to do if it was not the user', () => {
    const subjects = new Set<string>();
    for (const kind of KINDS) {
      const mail = renderSecurityNotice({
        eventId: 'e', kind, user: { id: 'u', email: 'dana@example.test', name: 'Dana' }, at: Date.UTC(2026, 4, 6, 7, 8, 9), clientAddress: '198.51.100.4',
      });
      subjects.add(mail.subject);
      expect(mail.text).toContain('When: 2026-05-06 07:08:09 UTC');
      expect(mail.text).toContain('From address: 198.51.100.4');
      expect(mail.text).toContain('If this was not you');
      expect(mail.text).toContain('dana@example.test');
    }
    expect(subjects.size).toBe(KINDS.length);
  });

  it('an administrator reset names the administrator; an unknown address says so', () => {
    const mail = renderSecurityNotice({
      eventId: 'e', kind: 'two_factor_reset_by_admin', user: { id: 'u', email: 'u@x.test', name: 'U' }, at: 0, clientAddress: null, actor: { email: 'boss@x.test' },
    });
    expect(mail.text).toContain('By: boss@x.test');
    expect(mail.text).toContain('From address: unknown');
  });

  it('the campaign notice names the company and the setup steps of the vendor article', () => {
    const mail = renderCampaignNotice({ companyName: 'Acme <Field> Ops', at: Date.UTC(2026, 0, 1) });
    expect(mail.subject).toContain('Acme <Field> Ops now requires two-factor authentication');
    for (const app of ['Google Authenticator', 'Microsoft Authenticator', 'Duo Mobile', 'Twilio Authy']) expect(mail.text).toContain(app);
    expect(mail.text).toContain('The backup code has been saved');
    expect(mail.text).toContain("Don't know the code");
    expect(textToHtml(mail.text)).toContain('Acme &lt;Field&gt; Ops');
    expect(formatUtc(Date.UTC(2026, 0, 1))).toBe('2026-01-01 00:00:00 UTC');
  });
});

describe('retry policy (unit)', () => {
  it('doubles from the base delay, is capped, and jitters within ±20 %', () => {
    const mid = () => 0.5;
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, mid)).toBe(5_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 2, mid)).toBe(10_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 4, mid)).toBe(40_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 30, mid)).toBe(15 * 60_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0)).toBe(4_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, () => 0.999999)).toBe(6_000);
  });

  it('the default budget keeps retrying for hours', () => {
    let total = 0;
    for (let attempt = 1; attempt < DEFAULT_RETRY_POLICY.maxAttempts; attempt++) total += retryDelayMs(DEFAULT_RETRY_POLICY, attempt, () => 0);
    expect(total).toBeGreaterThan(2 * 60 * 60_000);
  });

  it('only a 5xx refusal of the recipient is permanent; errors lose credentials', () => {
    expect(isPermanentSmtpError({ responseCode: 550, command: 'RCPT TO' })).toBe(true);
    expect(isPermanentSmtpError({ responseCode: 451, command: 'DATA' })).toBe(false);
    expect(isPermanentSmtpError(new Error('connect ECONNREFUSED'))).toBe(false);
    expect(describeDeliveryFailure(new Error('failed smtp://mailer:hunter2@relay.example:25'))).toBe('failed smtp://[redacted]@relay.example:25');
  });
});
