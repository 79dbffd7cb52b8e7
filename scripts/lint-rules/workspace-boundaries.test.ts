import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The lint rules that keep the workspaces and the server's layers apart (eslint.config.js), each
// shown failing on a deliberate violation and passing where allowed, with the repository's config.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The messages of `ruleId` ESLint gives a piece of code as if it lived at `file` (relative to the repository). */
async function lint(file: string, code: string, ruleId: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

const WORKSPACES = 'rms/no-cross-workspace-import';
const DB_LAYER = 'no-restricted-imports';

describe('lint: workspaces import each other by package name, through the exports map', () => {
  it('refuses a relative import into another workspace (its src/, its test/, or the root package)', async () => {
    expect(await lint('e2e/support/fixture.ts', `import { loadConfig } from '../../server/src/config.js';\nexport const c = loadConfig;\n`, WORKSPACES)).toEqual([
      "'../../server/src/config.js' reaches into @rms/server (server/) by a relative path: import it by package name through its exports map.",
    ]);
    expect(await lint('bench/fixture.ts', `import { insertBulkUsers } from '../server/test/hardening/support/bulk-users.js';\nexport const b = insertBulkUsers;\n`, WORKSPACES)).toHaveLength(1);
    expect(await lint('electron/main/services/fixture.test.ts', `import type { TestServer } from '../../../test-kit/src/test-server.js';\nexport type T = TestServer;\n`, WORKSPACES)).toEqual([
      "'../../../test-kit/src/test-server.js' reaches into @rms/test-kit (test-kit/) by a relative path: import it by package name through its exports map.",
    ]);
    expect(await lint('test-kit/src/fixture.ts', `import { REPO_ROOT } from '../../e2e/support/environment.js';\nexport const r = REPO_ROOT;\n`, WORKSPACES)).toEqual([
      "'../../e2e/support/environment.js' reaches into rms-console (./) by a relative path: import it by package name through its exports map.",
    ]);
    expect(await lint('server/src/fixture.ts', `import { API_PREFIX } from '../../shared/src/index.js';\nexport const p = API_PREFIX;\n`, WORKSPACES)).toHaveLength(1);
  });

  it('catches re-exports, dynamic imports and import types as well', async () => {
    const code = [
      "export { startServer } from '../../server/src/start-server.js';",
      "export * from '../../server/src/config.js';",
      "export const later = () => import('../../server/src/database.js');",
      "export type Config = typeof import('../../server/src/config.js');",
      '',
    ].join('\n');
    expect(await lint('e2e/support/fixture.ts', code, WORKSPACES)).toHaveLength(4);
  });

  it('refuses a package-name import into src/ or test/, past the exports map', async () => {
    expect(await lint('bench/fixture.ts', `import { createCompany } from '@rms/server/src/domain/companies.js';\nexport const c = createCompany;\n`, WORKSPACES)).toEqual([
      "'@rms/server/src/domain/companies.js' reaches into the src/ of @rms/server: import what its exports map offers (e.g. '@rms/server/<entry>').",
    ]);
    expect(await lint('e2e/support/fixture.ts', `import { totpAt } from '@rms/test-kit/src/totp.js';\nexport const t = totpAt;\n`, WORKSPACES)).toHaveLength(1);
  });

  it('allows package names through exports maps, and relative imports inside one workspace', async () => {
    const viaPackages = [
      "import { loadConfig } from '@rms/server/config';",
      "import { createCompany } from '@rms/server/seeding';",
      "import { totpAt } from '@rms/test-kit/totp';",
      "import { API_PREFIX } from '@rms/shared';",
      'export const all = [loadConfig, createCompany, totpAt, API_PREFIX];',
      '',
    ].join('\n');
    expect(await lint('e2e/support/fixture.ts', viaPackages, WORKSPACES)).toEqual([]);
    expect(await lint('server/test/fixture.test.ts', `import { loadConfig } from '../src/config.js';\nexport const c = loadConfig;\n`, WORKSPACES)).toEqual([]);
    expect(await lint('e2e/support/fixture.ts', `import { startBrowserHost } from '../../electron/browser-host/browser-host.js';\nexport const s = startBrowserHost;\n`, WORKSPACES)).toEqual([]);
    expect(await lint('test-kit/src/fixture.ts', `import { totpAt } from './totp.js';\nexport const t = totpAt;\n`, WORKSPACES)).toEqual([]);
  });
});

describe('lint: server/src/db/ imports nothing above it', () => {
  const importing = (source: string) => `import * as above from '${source}';\nexport const a = above;\n`;

  it('refuses domain/, mail/, http/, cli/ and the composition root', async () => {
    for (const source of ['../domain/users.js', '../mail/tables.js', '../mail/migrations.js', '../http/build-app.js', '../cli/main.js', '../database.js', '../start-server.js', '../seeding.js']) {
      expect(await lint('server/src/db/fixture.ts', importing(source), DB_LAYER), source).toEqual([
        expect.stringMatching(/server\/src\/db\/ imports nothing above it .*register tables and migrations in server\/src\/database\.ts/),
      ]);
    }
  });

  it('allows db/ itself, the configuration and packages; and the layers above may import db/', async () => {
    for (const source of ['./schema.js', './executor.js', '../config.js', '../data-folder.js', 'kysely']) {
      expect(await lint('server/src/db/fixture.ts', importing(source), DB_LAYER), source).toEqual([]);
    }
    expect(await lint('server/src/mail/fixture.ts', importing('../db/executor.js'), DB_LAYER)).toEqual([]);
    expect(await lint('server/src/domain/fixture.ts', importing('../database.js'), DB_LAYER)).toEqual([]);
  });
});
