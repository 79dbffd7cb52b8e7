import { formatBackupCode } from '@rms/shared/two-factor';

/** The file name suggested when saving a backup code. */
export const BACKUP_CODE_FILE_NAME = 'rms-backup-code.txt';

/** The text of the saved backup-code file: what it is, for which account, when it was made, how to use it. */
export function backupCodeFileText(code: string, account: string, server: string | null, createdAt: Date): string {
  return [
    'RMS Console — two-factor authentication backup code',
    '',
    `Account: ${account}`,
    ...(server ? [`Server:  ${server}`] : []),
    `Created: ${createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    '',
    `    ${formatBackupCode(code)}`,
    '',
    'Use this code to sign in when you cannot get a code from your authenticator app',
    '(lost or replaced phone): on the verification-code screen choose "Don\'t know the code"',
    'and enter it. Dashes, spaces and letter case do not matter.',
    '',
    'Using the backup code turns two-factor authentication off for this account; you then',
    'set it up again with your new phone. The code works once, and creating a new backup',
    'code in Account settings makes this one invalid.',
    '',
    'Keep this file somewhere safe and not on the phone that runs your authenticator app.',
    '',
  ].join('\n');
}
