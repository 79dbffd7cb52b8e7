import { describe, expect, it } from 'vitest';
import { campaignSummary } from './company-state';

describe('campaignSummary', () => {
  it('says when nobody needed an email', () => {
    expect(campaignSummary({ id: 'k', createdAt: '2026-11-27T19:00:00.000Z', total: 0, sent: 0, failed: 0, done: true })).toBe(
      'No emails to send: every user already has two-factor authentication enabled.',
    );
  });
});
