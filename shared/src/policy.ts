import { z } from 'zod';

/**
 * The administrator's policy file for managed laptops (`/etc/rms-console/policy.json`,
 * `%ProgramData%\RMS Console\policy.json`, `/Library/Application Support/RMS Console/policy.json`).
 * Unknown keys are rejected so a typo is reported instead of silently ignored.
 */
export const PolicyFile = z.strictObject({
  /** The RMS server the app uses, e.g. https://rms.example.com. */
  backendUrl: z.string().trim().min(1, 'backendUrl must not be empty.').max(2048).optional(),
  /** When true, people cannot change the server address in the app. */
  lockBackendUrl: z.boolean().optional(),
  /** A PEM file with extra certificate authorities to trust (corporate CA). */
  extraCaFile: z.string().trim().min(1, 'extraCaFile must not be empty.').max(4096).optional(),
  /** Proxy rules, e.g. http://proxy.example.com:3128 (the system proxy is used when absent). */
  proxy: z.string().trim().min(1, 'proxy must not be empty.').max(2048).optional(),
});
/** A parsed policy file. */
export type PolicyFile = z.infer<typeof PolicyFile>;

/** Turns the problems zod found in a policy file into one sentence an administrator can act on. */
export function describePolicyIssues(filePath: string, issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): string {
  const parts = issues.map((issue) => {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return `unknown setting${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (allowed: backendUrl, lockBackendUrl, extraCaFile, proxy)`;
    }
    const where = issue.path.length > 0 ? `"${issue.path.map(String).join('.')}"` : 'the file';
    return `${where}: ${issue.message}`;
  });
  return `The policy file ${filePath} is invalid: ${parts.join('; ')}. Ask your IT team to correct it.`;
}
