import { closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from './config.js';

/** Mode of every folder the server creates for its data (owner only). */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file the server creates in its data folder (owner read/write only). */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) readable by the owner only; an existing folder is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates an empty file with mode 0600 unless it exists. SQLite then gives its -wal and -shm files
 * the database file's mode, so the whole database stays private.
 */
export function touchPrivateFile(file: string): void {
  if (existsSync(file)) return;
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
}

/** One data-folder entry others can read. */
export interface PermissionProblem {
  path: string;
  /** The mode found, e.g. "0644". */
  mode: string;
  /** The command that fixes it. */
  fix: string;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * The folders and files of the data folder whose permissions are wider than owner-only: the data
 * folder and the mail folder (want 0700), the SQLite database with its -wal/-shm files, the key
 * file and the .eml mails (want 0600). Empty on Windows, where modes do not apply.
 */
export function dataFolderPermissionProblems(config: Pick<ServerConfig, 'dataDir' | 'sqlitePath' | 'databaseUrl' | 'mailDir'>, platform: NodeJS.Platform = process.platform): PermissionProblem[] {
  if (platform === 'win32') return [];
  const problems: PermissionProblem[] = [];
  const check = (path: string, kind: 'dir' | 'file') => {
    let mode: number;
    try {
      mode = statSync(path).mode;
    } catch {
      return;
    }
    const wanted = kind === 'dir' ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
    if ((mode & 0o077) !== 0) problems.push({ path, mode: octal(mode), fix: `chmod ${wanted.toString(8)} '${path}'` });
  };
  check(config.dataDir, 'dir');
  check(join(config.dataDir, 'secret.key'), 'file');
  if (!config.databaseUrl) for (const suffix of ['', '-wal', '-shm']) check(`${config.sqlitePath}${suffix}`, 'file');
  check(config.mailDir, 'dir');
  let mails: string[] = [];
  try {
    mails = readdirSync(config.mailDir).filter((name) => name.endsWith('.eml'));
  } catch {
    // No mail folder yet.
  }
  const openMails = mails.filter((name) => {
    try {
      return (statSync(join(config.mailDir, name)).mode & 0o077) !== 0;
    } catch {
      return false;
    }
  });
  if (openMails.length > 0) {
    problems.push({ path: `${openMails.length} .eml file(s) in ${config.mailDir}`, mode: 'wider than 0600', fix: `chmod 600 '${config.mailDir}'/*.eml` });
  }
  return problems;
}
