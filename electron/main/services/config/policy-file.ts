import { readFile } from 'node:fs/promises';
import { describePolicyIssues, PolicyFile } from '@rms/shared/policy';

/**
 * The machine-wide location of the administrator's policy file. On Windows it is fixed under
 * C:\ProgramData rather than read from %ProgramData%, which anyone can set for a process they start.
 */
export function machinePolicyFilePath(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'C:\\ProgramData\\RMS Console\\policy.json';
  if (platform === 'darwin') return '/Library/Application Support/RMS Console/policy.json';
  return '/etc/rms-console/policy.json';
}

/** How this run was started, for choosing its policy file. */
export interface PolicyFileChoice {
  /** Electron's `app.isPackaged` (the browser host and tests are never packaged). */
  packaged: boolean;
  /** A file a test or the browser host names. */
  override?: string | undefined;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
}

/**
 * The policy file this run reads. A packaged build reads only the machine-wide file: no variable,
 * flag or option can point it elsewhere. Dev and test runs may name another file (`override`,
 * then `RMS_POLICY_FILE`).
 */
export function policyFilePath(choice: PolicyFileChoice): string {
  const platform = choice.platform ?? process.platform;
  if (choice.packaged) return machinePolicyFilePath(platform);
  const env = choice.env ?? process.env;
  return choice.override ?? (env.RMS_POLICY_FILE || machinePolicyFilePath(platform));
}

/** What reading the policy file gave: the policy (empty when absent) or the sentence saying why it is invalid. */
export interface PolicyReadResult {
  policy: PolicyFile;
  error: string | null;
}

/** Reads and validates the policy file; a missing file is an empty policy, an unreadable or invalid one an error sentence. */
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
