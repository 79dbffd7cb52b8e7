import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { installRmsMock, ok } from '../test/rms-mock';
import { makeInfo } from '../test/fixtures';
import { useAppStore } from './app-store';
import { addNotice, MAX_NOTICES, storageWarningOf } from './app-state';

describe('app store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('loads AppInfo and collects app:notice events', async () => {
    const mock = installRmsMock({ 'app:getInfo': ok(makeInfo({ storage: { persistent: false, reason: 'No keychain answered: the session is kept in memory only.' } })) });
    const app = useAppStore();
    await app.ensureLoaded();
    expect(app.storageWarning).toBe('No keychain answered: the session is kept in memory only.');
    mock.emit('app:notice', { level: 'warning', code: 'keychain', message: 'Keychain locked.' });
    mock.emit('app:notice', { level: 'warning', code: 'keychain', message: 'Keychain still locked.' });
    expect(app.notices).toEqual([{ level: 'warning', code: 'keychain', message: 'Keychain still locked.' }]);
    app.dismissNotice('keychain');
    expect(app.notices).toEqual([]);
  });

  it('saves a text file and reports whether the person saved it', async () => {
    const mock = installRmsMock({ 'app:saveTextFile': ok({ saved: false, fileName: null }) });
    expect(await useAppStore().saveTextFile('rms-backup-code.txt', 'x')).toBe(false);
    expect(mock.inputsOf('app:saveTextFile')).toEqual([{ suggestedName: 'rms-backup-code.txt', contents: 'x' }]);
  });

  it('keeps only the newest notices and explains a missing keychain without a reason', () => {
    let list = [] as ReturnType<typeof addNotice>;
    for (let i = 0; i < MAX_NOTICES + 2; i++) list = addNotice(list, { level: 'info', code: `n${i}`, message: `${i}` });
    expect(list.map((n) => n.code)).toEqual(['n2', 'n3', 'n4', 'n5']);
    expect(storageWarningOf(makeInfo({ storage: { persistent: false } }))).toMatch(/keychain is not available/);
    expect(storageWarningOf(makeInfo())).toBeNull();
  });
});
