import { describe, expect, it } from 'vitest';
import { Authenticator, parseOtpauthUri } from './authenticator.js';
import { RFC6238_SHA1_SECRET_BASE32, timeStep, totpForStep } from './totp.js';

const URI = `otpauth://totp/RMS:ann%40example.com?secret=${RFC6238_SHA1_SECRET_BASE32.toLowerCase()}&issuer=RMS&algorithm=SHA1&digits=6&period=30`;

describe('parseOtpauthUri', () => {
  it('reads issuer, account, secret and parameters the way a phone does', () => {
    expect(parseOtpauthUri(URI)).toEqual({ issuer: 'RMS', account: 'ann@example.com', secret: RFC6238_SHA1_SECRET_BASE32, algorithm: 'SHA1', digits: 6, period: 30 });
    expect(parseOtpauthUri('otpauth://totp/Acme:bob?secret=ABC')).toMatchObject({ issuer: 'Acme', account: 'bob', digits: 6, period: 30 });
  });

  it('refuses what is not a TOTP URI or has no secret', () => {
    expect(() => parseOtpauthUri('otpauth://hotp/RMS:a?secret=ABC')).toThrow('Not a TOTP otpauth URI');
    expect(() => parseOtpauthUri('https://totp/RMS:a?secret=ABC')).toThrow('Not a TOTP otpauth URI');
    expect(() => parseOtpauthUri('otpauth://totp/RMS:a')).toThrow('has no secret');
  });
});

describe('Authenticator (a phone on a clock)', () => {
  const at = 1_700_000_015_000;
  const step = timeStep(at);

  it('shows the code of its clock, and of a phone whose clock is off', () => {
    const phone = Authenticator.fromOtpauthUri(URI, () => at);
    expect(phone.secret).toBe(RFC6238_SHA1_SECRET_BASE32);
    expect(phone.uriParts?.account).toBe('ann@example.com');
    expect(phone.codeAt()).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step));
    expect(phone.codeAt(60)).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step + 2));
    expect(phone.codeAt(-30)).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step - 1));
  });

  it('takes a typed setup key with spaces and lower case', () => {
    const typed = Authenticator.fromSetupKey('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', () => at);
    expect(typed.secret).toBe(RFC6238_SHA1_SECRET_BASE32);
    expect(typed.uriParts).toBeNull();
    expect(typed.codeAt()).toBe(Authenticator.fromOtpauthUri(URI, () => at).codeAt());
  });

  it('remembers the steps it handed out: a replay is the last used code, a fresh code comes from an unused step', async () => {
    let now = at;
    const phone = new Authenticator(RFC6238_SHA1_SECRET_BASE32, null, () => now);
    expect(phone.lastUsedCode()).toBeNull();
    expect(await phone.nextFreshCode()).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step));
    expect(phone.lastUsedCode()).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step));
    now += 30_000;
    expect(phone.currentCode()).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step + 1));
    phone.markStepUsed(step); // an older step never moves the memory back
    expect(phone.lastUsedCode()).toBe(totpForStep(RFC6238_SHA1_SECRET_BASE32, step + 1));
  });

  it('gives a wrong code that matches no step within ±15 minutes', () => {
    const phone = new Authenticator(RFC6238_SHA1_SECRET_BASE32, null, () => at);
    const wrong = phone.wrongCode();
    for (let s = step - 30; s <= step + 30; s += 1) expect(totpForStep(RFC6238_SHA1_SECRET_BASE32, s)).not.toBe(wrong);
  });
});
