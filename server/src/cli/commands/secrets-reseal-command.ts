import { secretBoxFromConfig } from '../../crypto/secret-box.js';
import { resealSecrets } from '../../domain/reseal-secrets.js';
import { cliConfig, describeDatabase, withDatabase } from '../open-cli-database.js';

/** `secrets reseal`: rewrites every TOTP secret not sealed with the current key (RMS_SECRET_KEY_ID) under it. */
export async function secretsResealCommand(opts: { data?: string }, out: (line: string) => void): Promise<void> {
  const config = cliConfig(opts.data);
  const box = secretBoxFromConfig(config);
  const result = await withDatabase(config, (db) => resealSecrets(db, box));
  out(`${describeDatabase(config)}: re-sealed ${result.resealed} of ${result.total} secrets; ${result.current} already current (key id ${config.secretKeyId ?? 1}).`);
  if (result.changed > 0) {
    out(`${result.changed} secrets changed while this ran and were left alone; run \`secrets reseal\` again.`);
  }
}
