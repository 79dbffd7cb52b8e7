import { createCompany } from '../../domain/companies.js';
import { CliError } from '../cli-error.js';
import { cliConfig, withDatabase } from '../open-cli-database.js';

/** `company create --name N`: adds a company (2FA optional). */
export async function companyCreateCommand(opts: { data?: string; name: string }, out: (line: string) => void): Promise<void> {
  const config = cliConfig(opts.data);
  await withDatabase(config, async (db) => {
    try {
      const company = await createCompany(db, { name: opts.name });
      out(`Created company "${company.name}" (id ${company.id}).`);
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
  });
}
