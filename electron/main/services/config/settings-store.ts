import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** The small per-user settings file. Never holds a token: only the server and who signed in last. */
export const Settings = z.object({
  backendUrl: z.string().optional(),
  /** The account whose refresh token sits in the keychain (no token here). */
  lastAccount: z.object({ origin: z.string(), email: z.string() }).optional(),
});
/** Parsed settings. */
export type Settings = z.infer<typeof Settings>;

/** Reads and writes `settings.json` in the app's data folder (atomic writes, mode 0600). */
export class SettingsStore {
  private cache: Settings | null = null;

  constructor(private readonly filePath: string) {}

  /** Creates the store for a data folder. */
  static inDataDir(dataDir: string): SettingsStore {
    return new SettingsStore(path.join(dataDir, 'settings.json'));
  }

  /** The current settings; a missing or broken file reads as empty settings. */
  async read(): Promise<Settings> {
    if (this.cache) return this.cache;
    try {
      const parsed = Settings.safeParse(JSON.parse(await readFile(this.filePath, 'utf8')));
      this.cache = parsed.success ? parsed.data : {};
    } catch {
      this.cache = {};
    }
    return this.cache;
  }

  /** Merges a change into the settings and writes the file. */
  async update(change: Partial<Settings>): Promise<Settings> {
    const next: Settings = { ...(await this.read()), ...change };
    for (const key of Object.keys(next) as (keyof Settings)[]) if (next[key] === undefined) delete next[key];
    await mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    const tmp = `${this.filePath}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.filePath);
    this.cache = next;
    return next;
  }
}
