import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function ruleIdsFor(code: string, filePath: string): Promise<(string | null)[]> {
  const [result] = await new ESLint({ cwd: root }).lintText(code, { filePath: `${root}/${filePath}` });
  return result!.messages.map((m) => m.ruleId);
}

describe('renderer navigation lint rule', () => {
  it('refuses useRouter in a feature screen (the auth state decides where the app is)', async () => {
    const code = "import { useRouter } from 'vue-router';\nexport const router = useRouter;\n";
    expect(await ruleIdsFor(code, 'renderer/src/features/sign-in/probe.ts')).toEqual(['no-restricted-imports']);
    expect(await ruleIdsFor(code, 'renderer/src/app-shell/probe.ts')).toEqual([]);
  });

  it('still refuses Node and Electron imports in a feature', async () => {
    expect(await ruleIdsFor("import fs from 'node:fs';\nexport const f = fs;\n", 'renderer/src/features/account/probe.ts')).toEqual(['no-restricted-imports']);
  });
});
