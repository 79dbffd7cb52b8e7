import { expect, test } from '../fixtures/test.js';
import { keychainAvailable, refreshTokenInKeychain } from '../support/keychain.js';
import { cookieText, folderFiles, heapSnapshotText, rendererStorageText } from '../support/token-search.js';

test.describe('Session tokens stay in the keychain and the main process (docs/two-factor.md#secrets)', () => {
  test('after sign-in the refresh token is in the keychain only, a restart restores the session, and sign-out removes it', async ({
    app,
    seed,
    appDataDir,
    backend,
    launchAnotherApp,
  }) => {
    test.skip(!(await keychainAvailable()), 'no Secret Service on the session bus: run the suite under scripts/with-keyring.sh');
    const { admin } = await seed.company({ adminTwoFactor: true });
    await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
    await expect(app.storageWarning).toBeHidden();

    await expect.poll(() => refreshTokenInKeychain(backend.url, admin.email)).not.toBeNull();
    const refreshToken = (await refreshTokenInKeychain(backend.url, admin.email))!;
    expect(refreshToken.length).toBeGreaterThanOrEqual(16);

    // Not in anything the window can read or keep...
    expect(await rendererStorageText(app.page)).not.toContain(refreshToken);
    expect(await cookieText(app.page.context())).not.toContain(refreshToken);
    const heap = await heapSnapshotText(app.page);
    expect(heap, 'the heap snapshot is searchable (it holds the signed-in email)').toContain(admin.email);
    expect(heap, 'the refresh token is not in the window heap').not.toContain(refreshToken);
    // ...nor in the app's data folder.
    const files = await folderFiles(appDataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const { file, text } of files) expect(text, file).not.toContain(refreshToken);

    // A restart (a second instance on the same data folder) is signed in from the keychain alone.
    const restarted = await launchAnotherApp();
    await expect(restarted.accountSettings.heading).toBeVisible();
    await expect(restarted.header.button).toContainText(admin.email);

    await restarted.header.signOut();
    await expect(restarted.signIn.heading).toBeVisible();
    await expect.poll(() => refreshTokenInKeychain(backend.url, admin.email)).toBeNull();
  });

  test.describe('with no keychain', () => {
    test.use({ keychain: 'none' });

    test('the app warns, the session still works, and no token is written anywhere', async ({ app, seed, appDataDir, backend }) => {
      const { admin } = await seed.company({ adminTwoFactor: true });
      await expect(app.storageWarning).toBeVisible();
      await expect(app.storageWarning).toContainText('Session not saved');

      await app.signInWithCode(admin.email, admin.password, admin.authenticator!);
      await app.header.openCompanySettings();
      await expect(app.companySettings.usersTable).toBeVisible();
      await expect(app.companySettings.userRowLocator(admin.email)).toBeVisible();
      await expect(app.storageWarning).toBeVisible();

      if (await keychainAvailable()) expect(await refreshTokenInKeychain(backend.url, admin.email)).toBeNull();
      // Tokens are long random strings; nothing like that may sit in the data folder.
      for (const { file, text } of await folderFiles(appDataDir)) expect(text, file).not.toMatch(/[A-Za-z0-9_-]{32,}/);
      expect(await rendererStorageText(app.page)).not.toMatch(/[A-Za-z0-9_-]{40,}/);

      await app.header.signOut();
      await expect(app.signIn.heading).toBeVisible();
    });
  });
});
