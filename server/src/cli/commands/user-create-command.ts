import { findCompanyByName } from '../../domain/companies.js';
import { createUser } from '../../domain/users.js';
import { CliError } from '../cli-error.js';
import { cliConfig, withDatabase } from '../open-cli-database.js';

/** `user create`: adds a user to a company by name; the password comes from standard input. */
export async function userCreateCommand(
  opts: { data?: string; company: string; email: string; role: 'admin' | 'user'; name?: string },
  readPassword: () => Promise<string>,
  out: (line: string) => void,
): Promise<void> {
  const password = await readPassword();
  if (!password) throw new CliError('No password arrived on standard input. Pipe it in, e.g. `printf %s "$PW" | npm run server -- user create ...`.', 2);
  const config = cliConfig(opts.data);
  await withDatabase(config, async (db) => {
    const company = await findCompanyByName(db, opts.company);
    if (!company) throw new CliError(`There is no company named "${opts.company}". Create it with \`company create --name "${opts.company}"\`.`);
    try {
      const user = await createUser(db, {
        companyId: company.id,
        email: opts.email,
        name: opts.name ?? opts.email.split('@')[0] ?? opts.email,
        role: opts.role,
        password,
      });
      out(`Created ${user.role} ${user.email} in "${company.name}" (id ${user.id}).`);
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
  });
}
