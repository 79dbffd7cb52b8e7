import { chmod, writeFile } from 'node:fs/promises';

/** Writes a text file only its owner can read (mode 0600), also when it replaces an existing file. */
export async function writePrivateTextFile(filePath: string, contents: string): Promise<void> {
  await writeFile(filePath, contents, { encoding: 'utf8', mode: 0o600 });
  await chmod(filePath, 0o600);
}
