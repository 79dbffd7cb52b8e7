import { describe, expect, it } from 'vitest';
import { installRmsMock } from './rms-mock';

describe('window.rms mock', () => {
  it('rejects and records a call the test did not expect', async () => {
    const mock = installRmsMock();
    await expect(window.rms.auth.getState()).rejects.toThrow(/Unexpected call to window.rms auth:getState/);
    expect(mock.unexpected).toEqual(['auth:getState()']);
    mock.unexpected.length = 0; // this test expects it; others fail in afterEach
  });
});
