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
