import { describe, expect, it } from 'vitest';
import { SECURITY_NOTICE_KINDS, noticeCarriesNotMeLink, renderSecurityNotice } from '../../src/mail/mail-texts.js';

/**
 * The notices that carry no "this wasn't me" link, each on purpose: they go to administrators about
 * someone else's account, or confirm that very report. Every other kind (any added later, such as
 * the failed-second-step alert) carries it by default.
 */
const WITHOUT_LINK = ['reported_not_me', 'user_reported_not_me', 'admin_reset_requested', 'admin_reset_approved', 'admin_reset_denied', 'admin_reset_immediate', 'company_protection_lowered'];

describe('the "this wasn\'t me" link in security notices (unit)', () => {
  it('is in every notice to the person whose account it reports, and only the listed exceptions go without', () => {
    expect(SECURITY_NOTICE_KINDS.length).toBeGreaterThan(WITHOUT_LINK.length);
    expect(SECURITY_NOTICE_KINDS.filter((kind) => !noticeCarriesNotMeLink(kind)).sort()).toEqual([...WITHOUT_LINK].sort());
    for (const kind of SECURITY_NOTICE_KINDS.filter(noticeCarriesNotMeLink)) {
      const { text } = renderSecurityNotice({
        eventId: 'e', kind, user: { id: 'u', email: 'dana@example.test', name: 'Dana' }, at: 0, clientAddress: null, notMeLink: '[[rms-link:x]]',
      });
      expect(text, kind).toContain('If this was not you, open this link at once.');
      expect(text, kind).toContain('\n[[rms-link:x]]\n');
    }
  });
});
