import { CliError } from './cli-error.js';
import { companyCreateCommand } from './commands/company-create-command.js';
import { demoCommand } from './commands/demo-command.js';
import { migrateCommand } from './commands/migrate-command.js';
import { secretsResealCommand } from './commands/secrets-reseal-command.js';
import { serveCommand } from './commands/serve-command.js';
import { userCreateCommand } from './commands/user-create-command.js';
import { userUnlockCommand } from './commands/user-unlock-command.js';
import { parseCommand } from './parse-command.js';
import { readStdin } from './read-stdin.js';
import { USAGE } from './usage.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Runs one command line; resolves with the process exit code. */
async function runCli(argv: string[]): Promise<number> {
  try {
    const parsed = parseCommand(argv);
    switch (parsed.command) {
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      case 'serve':
        await serveCommand(parsed);
        return typeof process.exitCode === 'number' ? process.exitCode : 0;
      case 'migrate':
        await migrateCommand(parsed, out);
        return 0;
      case 'company create':
        await companyCreateCommand(parsed, out);
        return 0;
      case 'user create':
        await userCreateCommand(parsed, () => readStdin(), out);
        return 0;
      case 'user unlock':
        await userUnlockCommand(parsed, out);
        return 0;
      case 'demo':
        await demoCommand(parsed, out);
        return 0;
      case 'secrets reseal':
        await secretsResealCommand(parsed, out);
        return 0;
    }
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`Error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Error: ${String(error)}\n`);
    process.exit(1);
  },
);
