import { describe, expect, it } from 'vitest';
import { fail, installRmsMock, ok } from '../test/rms-mock';
import { makeInfo } from '../test/fixtures';
import { rms } from './rms-client';
import { IpcResultError, toIpcResultError } from './ipc-result-error';

describe('rms client', () => {
  it('resolves the value of an ok result and passes the input through', async () => {
    const mock = installRmsMock({ 'app:setBackendUrl': ok(makeInfo({ backendUrl: 'https://a.example' })) });
    const info = await rms.app.setBackendUrl({ url: 'https://a.example' });
    expect(info.backendUrl).toBe('https://a.example');
    expect(mock.inputsOf('app:setBackendUrl')).toEqual([{ url: 'https://a.example' }]);
  });

  it('throws an IpcResultError carrying code, retry time and clock offset', async () => {
    installRmsMock({ 'auth:verifyCode': fail('clock_skew', { offsetSeconds: 120, status: 401 }) });
    const error = await rms.auth.verifyCode({ code: '123456' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcResultError);
    expect(error).toMatchObject({ code: 'clock_skew', offsetSeconds: 120, status: 401 });
    expect((error as IpcResultError).sentence).toContain("your phone's clock is about 2 minutes ahead");
  });

  it('turns a throttle into a sentence with the wait', async () => {
    installRmsMock({ 'auth:signIn': fail('too_many_attempts', { retryAfterSeconds: 27 }) });
    const error = (await rms.auth.signIn({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e)) as IpcResultError;
    expect(error.retryAfterSeconds).toBe(27);
    expect(error.sentence).toBe('Too many attempts. Try again in 27 seconds.');
  });

  it('explains a missing bridge instead of crashing', async () => {
    const error = (await rms.app.getInfo().catch((e: unknown) => e)) as IpcResultError;
    expect(error).toBeInstanceOf(IpcResultError);
    expect(error.sentence).toMatch(/Restart RMS Console/);
  });

  it('wraps unknown throwables and error-like objects', () => {
    expect(toIpcResultError(new Error('boom')).sentence).toMatch(/boom/);
    expect(toIpcResultError({ code: 'invalid_code', message: 'x' }).code).toBe('invalid_code');
  });
});
