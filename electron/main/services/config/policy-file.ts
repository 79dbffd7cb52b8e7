import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describePolicyIssues, PolicyFile } from '@rms/shared/policy';

/** The per-OS location of the administrator's policy file (`RMS_POLICY_FILE` overrides it). */
export function policyFilePath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.RMS_POLICY_FILE) return env.RMS_POLICY_FILE;
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'RMS Console', 'policy.json');
  if (platform === 'darwin') return '/Library/Application Support/RMS Console/policy.json';
  return '/etc/rms-console/policy.json';
}

/** What reading the policy file gave: the policy (empty when absent) or the sentence saying why it is invalid. */
export interface PolicyReadResult {
  policy: PolicyFile;
  error: string | null;
}

/** Reads and validates the policy file; a missing file is an empty policy, a broken one an error sentence. */
export async function readPolicyFile(filePath: string): Promise<PolicyReadResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { policy: {}, error: null };
    return { policy: {}, error: `The policy file ${filePath} cannot be read (${code ?? 'unknown error'}). Ask your IT team to check its permissions.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { policy: {}, error: `The policy file ${filePath} is not valid JSON. Ask your IT team to correct it.` };
  }
  const parsed = PolicyFile.safeParse(json);
  if (!parsed.success) return { policy: {}, error: describePolicyIssues(filePath, parsed.error.issues as never) };
  return { policy: parsed.data, error: null };
}
