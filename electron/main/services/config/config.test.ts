import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServiceError } from '../errors/service-error.js';
import { BackendConfig } from './backend-config.js';
import { isLoopbackHost, normalizeBackendUrl } from './backend-url.js';
import { policyFilePath, readPolicyFile } from './policy-file.js';
import { SettingsStore } from './settings-store.js';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return isServiceError(err) ? err.info.code : 'not a ServiceError';
  }
}

describe('backend URL rules', () => {
  it('normalises to an origin', () => {
    expect(normalizeBackendUrl('https://rms.example.com/some/path?x=1')).toBe('https://rms.example.com');
    expect(normalizeBackendUrl('  rms.example.com:8443 ')).toBe('https://rms.example.com:8443');
    expect(normalizeBackendUrl('HTTPS://RMS.Example.COM:443/')).toBe('https://rms.example.com');
  });

  it('allows plain http only for loopback', () => {
    expect(normalizeBackendUrl('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(normalizeBackendUrl('http://127.4.5.6')).toBe('http://127.4.5.6');
    expect(normalizeBackendUrl('http://localhost:3000/x')).toBe('http://localhost:3000');
    expect(normalizeBackendUrl('http://[::1]:8787')).toBe('http://[::1]:8787');
    expect(codeOf(() => normalizeBackendUrl('http://rms.example.com'))).toBe('backend_url_insecure');
    expect(codeOf(() => normalizeBackendUrl('http://10.0.0.5:8787'))).toBe('backend_url_insecure');
    expect(codeOf(() => normalizeBackendUrl('http://127.0.0.1.evil.com'))).toBe('backend_url_insecure');
    expect(codeOf(() => normalizeBackendUrl('http://128.0.0.1'))).toBe('backend_url_insecure');
  });

  it('refuses plain http to names under .localhost (DNS may answer them with any address); https stays allowed', () => {
    expect(codeOf(() => normalizeBackendUrl('http://rms.localhost:8787'))).toBe('backend_url_insecure');
    expect(codeOf(() => normalizeBackendUrl('http://127.0.0.1.localhost'))).toBe('backend_url_insecure');
    expect(isLoopbackHost('app.localhost')).toBe(false);
    expect(normalizeBackendUrl('https://rms.localhost:8443')).toBe('https://rms.localhost:8443');
  });

  it('rejects what is not an http(s) server address, with a sentence', () => {
    for (const bad of ['ftp://rms.example.com', 'file:///etc/passwd', 'https://user:pw@rms.example.com', 'https://', 'javascript:alert(1)']) {
      expect(codeOf(() => normalizeBackendUrl(bad)), bad).toMatch(/backend_url_invalid|backend_url_insecure/);
    }
    try {
      normalizeBackendUrl('ftp://x');
    } catch (err) {
      expect((err as Error).message).toMatch(/https:\/\/rms\.example\.com/);
    }
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('example.com')).toBe(false);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
  });
});

describe('policy file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rms-policy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('has one machine-wide path per OS; a dev or test run may point elsewhere', () => {
    const dev = { packaged: false, env: {} };
    expect(policyFilePath({ ...dev, platform: 'linux' })).toBe('/etc/rms-console/policy.json');
    expect(policyFilePath({ ...dev, platform: 'darwin' })).toBe('/Library/Application Support/RMS Console/policy.json');
    expect(policyFilePath({ ...dev, platform: 'win32' })).toBe('C:\\ProgramData\\RMS Console\\policy.json');
    expect(policyFilePath({ packaged: false, platform: 'linux', env: { RMS_POLICY_FILE: '/tmp/p.json' } })).toBe('/tmp/p.json');
    expect(policyFilePath({ packaged: false, platform: 'linux', env: { RMS_POLICY_FILE: '/tmp/p.json' }, override: '/tmp/test.json' })).toBe('/tmp/test.json');
  });

  it('in a packaged build, no variable or option moves the policy file', () => {
    const env = { RMS_POLICY_FILE: '/nonexistent', ProgramData: 'C:\\Users\\me\\fake' };
    expect(policyFilePath({ packaged: true, platform: 'linux', env, override: '/tmp/test.json' })).toBe('/etc/rms-console/policy.json');
    expect(policyFilePath({ packaged: true, platform: 'darwin', env })).toBe('/Library/Application Support/RMS Console/policy.json');
    expect(policyFilePath({ packaged: true, platform: 'win32', env })).toBe('C:\\ProgramData\\RMS Console\\policy.json');
  });

  it('reads a good policy', async () => {
    const file = write('good.json', JSON.stringify({ backendUrl: 'https://rms.corp.example', lockBackendUrl: true, proxy: 'http://proxy:3128' }));
    expect(await readPolicyFile(file)).toEqual({
      policy: { backendUrl: 'https://rms.corp.example', lockBackendUrl: true, proxy: 'http://proxy:3128' },
      error: null,
    });
  });

  it('treats a missing file as no policy', async () => {
    expect(await readPolicyFile(path.join(dir, 'absent.json'))).toEqual({ policy: {}, error: null });
  });

  it('explains a file that is not JSON', async () => {
    const result = await readPolicyFile(write('bad.json', '{ backendUrl: '));
    expect(result.policy).toEqual({});
    expect(result.error).toMatch(/is not valid JSON\. Ask your IT team/);
  });

  it('rejects unknown keys and wrong types, naming them', async () => {
    const result = await readPolicyFile(write('typo.json', JSON.stringify({ backendURL: 'https://x', lockBackendUrl: 'yes' })));
    expect(result.policy).toEqual({});
    expect(result.error).toContain('"backendURL"');
    expect(result.error).toContain('"lockBackendUrl"');
    expect(result.error).toMatch(/Ask your IT team to correct it\.$/);
  });
});

describe('backend configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rms-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const policy = (value: unknown) => {
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const okCheck = async () => undefined;

  it('uses the first-run choice, saved in settings.json without any token', async () => {
    const settings = SettingsStore.inDataDir(dir);
    const config = new BackendConfig({ policyFile: path.join(dir, 'none.json'), settings });
    expect((await config.load()).backendUrl).toBeNull();
    const checked: string[] = [];
    await config.set('https://rms.example.com/login', async (origin) => void checked.push(origin));
    expect(checked).toEqual(['https://rms.example.com']);
    const file = path.join(dir, 'settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ backendUrl: 'https://rms.example.com' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = new BackendConfig({ policyFile: path.join(dir, 'none.json'), settings: SettingsStore.inDataDir(dir) });
    expect(await again.load()).toMatchObject({ backendUrl: 'https://rms.example.com', source: 'settings', locked: false });
  });

  it('does not save an address whose health check fails', async () => {
    const settings = SettingsStore.inDataDir(dir);
    const config = new BackendConfig({ policyFile: path.join(dir, 'none.json'), settings });
    await config.load();
    await expect(config.set('https://down.example.com', async () => Promise.reject(new Error('unreachable')))).rejects.toThrow('unreachable');
    expect(config.current().backendUrl).toBeNull();
    expect(await settings.read()).toEqual({});
  });

  it('a locked policy URL wins over the environment and the settings, and cannot be changed', async () => {
    const settings = SettingsStore.inDataDir(dir);
    await settings.update({ backendUrl: 'https://mine.example.com' });
    const config = new BackendConfig({ policyFile: policy({ backendUrl: 'https://rms.corp.example', lockBackendUrl: true }), settings, environmentUrl: 'http://127.0.0.1:9' });
    expect(await config.load()).toMatchObject({ backendUrl: 'https://rms.corp.example', source: 'policy', locked: true, policyError: null });
    await expect(config.set('https://other.example.com', okCheck)).rejects.toMatchObject({ info: { code: 'backend_url_locked' } });
  });

  it('RMS_BACKEND_URL fixes the URL when no locked policy does', async () => {
    const config = new BackendConfig({ policyFile: path.join(dir, 'none.json'), settings: SettingsStore.inDataDir(dir), environmentUrl: 'http://127.0.0.1:8787/' });
    expect(await config.load()).toMatchObject({ backendUrl: 'http://127.0.0.1:8787', source: 'environment', locked: true });
  });

  it('reports an unusable RMS_BACKEND_URL instead of failing to start', async () => {
    const config = new BackendConfig({ policyFile: path.join(dir, 'none.json'), settings: SettingsStore.inDataDir(dir), environmentUrl: 'http://rms.example.com' });
    const snapshot = await config.load();
    expect(snapshot).toMatchObject({ backendUrl: null, locked: false });
    expect(snapshot.policyError).toMatch(/^RMS_BACKEND_URL "http:\/\/rms\.example\.com" cannot be used: The server address must start with https:\/\//);
  });

  it('an unlocked policy URL is only the default', async () => {
    const settings = SettingsStore.inDataDir(dir);
    const file = policy({ backendUrl: 'https://rms.corp.example' });
    expect(await new BackendConfig({ policyFile: file, settings }).load()).toMatchObject({ backendUrl: 'https://rms.corp.example', locked: false });
    await settings.update({ backendUrl: 'https://mine.example.com' });
    expect(await new BackendConfig({ policyFile: file, settings: SettingsStore.inDataDir(dir) }).load()).toMatchObject({ backendUrl: 'https://mine.example.com' });
  });

  it('reports a policy with plain http to a remote host, and does not use it (fails closed)', async () => {
    const config = new BackendConfig({ policyFile: policy({ backendUrl: 'http://rms.corp.example', lockBackendUrl: true }), settings: SettingsStore.inDataDir(dir) });
    const snapshot = await config.load();
    expect(snapshot.backendUrl).toBeNull();
    expect(snapshot.locked).toBe(true);
    expect(snapshot.policyError).toMatch(/http:\/\/rms\.corp\.example.*must start with https:\/\//);
  });

  it.each([
    ['not JSON', '{ backendUrl: ', /is not valid JSON\. Ask your IT team to correct it\./],
    ['an unknown setting', JSON.stringify({ backendUrl: 'https://rms.corp.example', lockBackendURL: true }), /unknown setting "lockBackendURL"/],
    ['a wrong type', JSON.stringify({ backendUrl: 'https://rms.corp.example', lockBackendUrl: 'yes' }), /"lockBackendUrl"/],
  ])('an invalid policy file (%s) fails closed: no server from settings or the environment, and nothing can be set', async (_label, text, reason) => {
    const settings = SettingsStore.inDataDir(dir);
    await settings.update({ backendUrl: 'https://mine.example.com' });
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, text);
    const config = new BackendConfig({ policyFile: file, settings: SettingsStore.inDataDir(dir), environmentUrl: 'http://127.0.0.1:8787' });
    const snapshot = await config.load();
    expect(snapshot).toMatchObject({ backendUrl: null, locked: true, policy: {} });
    expect(snapshot.policyError).toMatch(reason);
    expect(snapshot.policyError).toMatch(/Until it is fixed, RMS Console connects to no server\.$/);
    await expect(config.set('https://other.example.com', okCheck)).rejects.toMatchObject({ info: { code: 'backend_url_locked', message: snapshot.policyError } });
    expect(config.current().backendUrl).toBeNull();
  });

  it('an unreadable policy file fails closed too', async () => {
    const file = path.join(dir, 'policy.json');
    mkdirSync(file); // reading a folder fails (EISDIR), as a file without read permission does
    const settings = SettingsStore.inDataDir(dir);
    await settings.update({ backendUrl: 'https://mine.example.com' });
    const snapshot = await new BackendConfig({ policyFile: file, settings: SettingsStore.inDataDir(dir) }).load();
    expect(snapshot).toMatchObject({ backendUrl: null, locked: true });
    expect(snapshot.policyError).toMatch(/^The policy file .* cannot be read \(EISDIR\)\. Ask your IT team to check its permissions\. Until it is fixed, RMS Console connects to no server\.$/);
  });
});
