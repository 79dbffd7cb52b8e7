import { describe, expect, it } from 'vitest';
import { protectionLowerings } from './protection-lowering.js';
import type { CompanyProtection } from './protection-lowering.js';

const requiredForEveryone: CompanyProtection = { twoFactorAtLogin: 'required', appliesTo: 'everyone', verifyEmailBeforeEnrollment: true };
const optional: CompanyProtection = { twoFactorAtLogin: 'optional', appliesTo: null, verifyEmailBeforeEnrollment: false };

describe('protectionLowerings (unit)', () => {
  it('finds each of the three lowerings', () => {
    expect(protectionLowerings(requiredForEveryone, { twoFactorAtLogin: 'optional' })).toEqual(['requirement_turned_off']);
    expect(protectionLowerings(requiredForEveryone, { twoFactorAtLogin: 'required', verifyEmailBeforeEnrollment: false })).toEqual(['email_check_turned_off']);
    expect(protectionLowerings(requiredForEveryone, { twoFactorAtLogin: 'required', appliesTo: 'administrators' })).toEqual(['scope_narrowed_to_administrators']);
    expect(protectionLowerings(requiredForEveryone, { twoFactorAtLogin: 'optional', verifyEmailBeforeEnrollment: false })).toEqual([
      'requirement_turned_off',
      'email_check_turned_off',
    ]);
  });

  it('lets raising or keeping protection through', () => {
    expect(protectionLowerings(optional, { twoFactorAtLogin: 'required', appliesTo: 'administrators', verifyEmailBeforeEnrollment: true })).toEqual([]);
    expect(protectionLowerings(optional, { twoFactorAtLogin: 'optional', verifyEmailBeforeEnrollment: false })).toEqual([]);
    expect(protectionLowerings(requiredForEveryone, { twoFactorAtLogin: 'required' })).toEqual([]);
    expect(protectionLowerings(requiredForEveryone, { twoFactorAtLogin: 'required', graceDays: 14 })).toEqual([]);
    expect(protectionLowerings({ ...requiredForEveryone, appliesTo: 'administrators' }, { twoFactorAtLogin: 'required', graceDays: 7 })).toEqual([]);
  });
});
