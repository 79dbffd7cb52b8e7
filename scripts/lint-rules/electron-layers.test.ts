import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The lint rules that keep the layers apart and the tokens inside the session (eslint.config.js,
// docs/architecture.md), each shown failing on a deliberate violation and passing where allowed.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages ESLint gives a piece of code as if it lived at `file` (relative to the repository). */
async function lint(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('lint: tokens never leave electron/main/services/session/', () => {
  const readsToken = `export function leak(session: { accessToken: string }): string {\n  return session.accessToken;\n}\n`;
  const importsKeeper = `import { TokenKeeper } from '../../session/token-keeper.js';\nexport const keeper = TokenKeeper;\n`;

  it('refuses a handler that reads a token field', async () => {
    expect(await lint('electron/main/services/ipc/handlers/fixture.ts', readsToken)).toContainEqual({
      ruleId: 'no-restricted-syntax',
      message: expect.stringMatching(/Tokens never leave electron\/main\/services\/session\//),
    });
    expect(await lint('electron/browser-host/fixture.ts', readsToken)).toContainEqual(expect.objectContaining({ ruleId: 'no-restricted-syntax' }));
    expect(await lint('electron/preload/fixture.ts', readsToken)).toContainEqual(expect.objectContaining({ ruleId: 'no-restricted-syntax' }));
  });

  it('refuses importing the token keeper outside the session folder', async () => {
    expect(await lint('electron/main/services/ipc/handlers/fixture.ts', importsKeeper)).toContainEqual({
      ruleId: 'no-restricted-imports',
      message: expect.stringMatching(/Only electron\/main\/services\/session\/ holds tokens/),
    });
    expect(await lint('electron/main/services/fixture.ts', `import { TokenKeeper } from './session/token-keeper.js';\nexport const k = TokenKeeper;\n`)).toContainEqual(
      expect.objectContaining({ ruleId: 'no-restricted-imports' }),
    );
  });

  it('allows both inside the session folder (and the api/ wire layer may carry token fields)', async () => {
    expect(await lint('electron/main/services/session/fixture.ts', readsToken)).toEqual([]);
    expect(await lint('electron/main/services/session/fixture.ts', `import { TokenKeeper } from './token-keeper.js';\nexport const k = TokenKeeper;\n`)).toEqual([]);
    expect(await lint('electron/main/services/api/fixture.ts', readsToken)).toEqual([]);
  });
});

describe('lint: layers of the Electron side and the renderer', () => {
  const code = (from: string) => `import { x } from '${from}';\nexport const y = x;\n`;
  const refusal = (pattern: RegExp) => expect.arrayContaining([{ ruleId: 'no-restricted-imports', message: expect.stringMatching(pattern) }]);

  it('electron/ and renderer/ never import server/', async () => {
    expect(await lint('electron/main/index.ts', code('../../server/src/start-server.js'))).toEqual(refusal(/electron\/ never imports server\//));
    expect(await lint('electron/main/services/fixture.ts', code('@rms/server'))).toEqual(refusal(/never imports server\//));
    expect(await lint('electron/browser-host/fixture.ts', code('../../server/src/domain/totp.js'))).toEqual(refusal(/never imports server\//));
    expect(await lint('electron/main/services/fixture.test.ts', code('../../../server/src/domain/totp.js'))).toEqual(refusal(/never imports server\//));
    expect(await lint('electron/main/services/fixture.test.ts', code('../../../server/test/support/test-server.js'))).toEqual(refusal(/never imports server\//));
    expect(await lint('electron/main/electron/fixture.test.ts', code('@rms/server/start-server'))).toEqual(refusal(/never imports server\//));
    expect(await lint('renderer/src/fixture.ts', code('../../server/src/domain/totp.js'))).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'no-restricted-imports' })]));
    expect(await lint('renderer/src/fixture.ts', code('@rms/server'))).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'no-restricted-imports' })]));
  });

  it('the main-process services, the page rules and the browser host never import the Electron layer', async () => {
    expect(await lint('electron/main/services/fixture.ts', code('../electron/validated-ipc.js'))).toEqual(refusal(/never import the Electron layer/));
    expect(await lint('electron/main/services/ipc/fixture.ts', code('../../electron/host-platform.js'))).toEqual(refusal(/never import the Electron layer/));
    expect(await lint('electron/main/services/fixture.ts', code('electron'))).toEqual(refusal(/Plain Node here/));
    expect(await lint('electron/browser-host/fixture.ts', code('../main/electron/app-protocol.js'))).toEqual(refusal(/never import the Electron layer/));
    expect(await lint('electron/browser-host/fixture.test.ts', code('../main/electron/app-protocol.js'))).toEqual(refusal(/never import the Electron layer/));
    expect(await lint('electron/main/app-pages/fixture.ts', code('electron'))).toEqual(refusal(/Plain Node here/));
  });

  it('allows the arrows that must exist', async () => {
    expect(await lint('electron/browser-host/fixture.ts', code('../main/app-pages/app-origin.js'))).toEqual([]);
    expect(await lint('electron/main/electron/fixture.ts', code('electron'))).toEqual([]);
    expect(await lint('electron/main/electron/fixture.ts', code('../services/logging/logger.js'))).toEqual([]);
    expect(await lint('electron/main/electron/fixture.ts', code('../app-pages/app-origin.js'))).toEqual([]);
    expect(await lint('electron/main/services/fixture.test.ts', code('@rms/test-kit/test-server'))).toEqual([]);
  });
});
