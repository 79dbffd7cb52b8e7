import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult } from '@rms/shared';
import type { MainServicesOptions } from '../create-main-services.js';
import { createMainServices } from '../create-main-services.js';
import { createSilentLogger } from '../logging/logger.js';
import { SettingsStore } from './settings-store.js';

let dir: string;
let requests: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rms-policy-lock-'));
  requests = [];
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** One app run on the main services with a fetch that records every request (and answers none). */
async function run(options: Pick<MainServicesOptions, 'packaged' | 'policyFile' | 'backendUrl'>) {
  const services = await createMainServices({
    host: 'browser-host',
    version: '0.0.0-test',
    dataDir: dir,
    secretStore: 'none',
    fetch: (async (input: RequestInfo | URL) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return new Response('{}', { status: 500 });
    }) as typeof fetch,
    platformFeatures: { copyText: async () => undefined, saveTextFile: async () => ({ saved: false, fileName: null }) },
    logger: createSilentLogger(),
    ...options,
  });
  await services.start();
  return services;
}

const writePolicy = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('the IT lock (policy file)', () => {
  it('a packaged build reads only the machine-wide file: neither RMS_POLICY_FILE nor a named file moves it', async () => {
    const other = writePolicy('elsewhere.json', JSON.stringify({ backendUrl: 'https://elsewhere.example', lockBackendUrl: true }));
    vi.stubEnv('RMS_POLICY_FILE', other);
    const dev = await run({ packaged: false });
    expect(dev.info()).toMatchObject({ backendUrl: 'https://elsewhere.example', backendLocked: true });
    const packaged = await run({ packaged: true, policyFile: other });
    expect(packaged.info().backendUrl).not.toBe('https://elsewhere.example');
  });

  it('an invalid policy file fails closed: the app says why, refuses another server and sends no request', async () => {
    await SettingsStore.inDataDir(dir).update({ backendUrl: 'https://mine.example.com' });
    const file = writePolicy('policy.json', JSON.stringify({ backendUrl: 'https://rms.corp.example', lockBackendUrl: 'yes' }));
    const services = await run({ packaged: false, policyFile: file, backendUrl: 'http://127.0.0.1:9' });
    const info = (await services.dispatcher.dispatch('app:getInfo', undefined)) as IpcResult<{ backendUrl: string | null; backendLocked: boolean; policyError: string | null }>;
    expect(info).toMatchObject({ ok: true, value: { backendUrl: null, backendLocked: true } });
    const sentence = info.ok ? info.value.policyError : null;
    expect(sentence).toMatch(/^The policy file .*policy\.json is invalid: .*"lockBackendUrl".* Ask your IT team to correct it\. Until it is fixed, RMS Console connects to no server\.$/);
    expect(await services.dispatcher.dispatch('app:setBackendUrl', { url: 'https://other.example.com' })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'backend_url_locked', message: sentence }),
    });
    expect(await services.dispatcher.dispatch('auth:signIn', { email: 'dana@corp.example', password: 'a password' })).toMatchObject({ ok: false, error: { code: 'backend_not_configured' } });
    expect(requests).toEqual([]);
  });
});
