import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error.js';

/** A command line understood: which command, and its options. */
export type ParsedCommand =
  | { command: 'help' }
  | { command: 'serve'; data?: string; port?: number; host?: string }
  | { command: 'migrate'; data?: string }
  | { command: 'company create'; data?: string; name: string }
  | { command: 'user create'; data?: string; company: string; email: string; role: 'admin' | 'user'; name?: string }
  | { command: 'user unlock'; data?: string; email: string }
  | { command: 'demo'; data?: string }
  | { command: 'secrets reseal'; data?: string };

type Options = NonNullable<ParseArgsConfig['options']>;

const common: Options = { data: { type: 'string' }, help: { type: 'boolean' } };

function parse(args: string[], options: Options, label: string): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw usageError(`Unexpected argument "${positionals[0]}" for \`${label}\`.`);
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof Error && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      throw usageError(`${label}: ${error.message.replace(/\s*To specify an option argument.*$/s, '')}`);
    }
    throw error;
  }
}

function required(values: Record<string, unknown>, name: string, label: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw usageError(`\`${label}\` needs --${name}.`);
  return value;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw usageError(`--port must be a whole number from 0 to 65535, not "${value}".`);
  return port;
}

/** Parses `argv` (without node and the script) into a command, or throws a usage `CliError`. */
export function parseCommand(argv: string[]): ParsedCommand {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help' };
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  switch (first) {
    case 'serve': {
      const v = parse(argv.slice(1), { port: { type: 'string' }, host: { type: 'string' } }, 'serve');
      return { command: 'serve', data: v.data as string | undefined, port: parsePort(v.port as string | undefined), host: v.host as string | undefined };
    }
    case 'migrate': {
      const v = parse(argv.slice(1), {}, 'migrate');
      return { command: 'migrate', data: v.data as string | undefined };
    }
    case 'company': {
      if (second !== 'create') throw usageError(`Unknown command "company ${second ?? ''}". Did you mean \`company create --name NAME\`?`);
      const v = parse(argv.slice(2), { name: { type: 'string' } }, 'company create');
      return { command: 'company create', data: v.data as string | undefined, name: required(v, 'name', 'company create') };
    }
    case 'user': {
      if (second === 'unlock') {
        const v = parse(argv.slice(2), { email: { type: 'string' } }, 'user unlock');
        return { command: 'user unlock', data: v.data as string | undefined, email: required(v, 'email', 'user unlock') };
      }
      if (second !== 'create') throw usageError(`Unknown command "user ${second ?? ''}". Did you mean \`user create\` or \`user unlock\`?`);
      const label = 'user create';
      const v = parse(
        argv.slice(2),
        { company: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
        label,
      );
      const company = required(v, 'company', label);
      const email = required(v, 'email', label);
      const role = required(v, 'role', label);
      if (role !== 'admin' && role !== 'user') throw usageError(`--role must be "admin" or "user", not "${role}".`);
      if (v['password-stdin'] !== true) {
        throw usageError('`user create` needs --password-stdin: pipe the password in (passwords on the command line end up in shell history).');
      }
      return { command: 'user create', data: v.data as string | undefined, company, email, role, name: v.name as string | undefined };
    }
    case 'demo': {
      const v = parse(argv.slice(1), {}, 'demo');
      return { command: 'demo', data: v.data as string | undefined };
    }
    case 'secrets': {
      if (second !== 'reseal') throw usageError(`Unknown command "secrets ${second ?? ''}". Did you mean \`secrets reseal\`?`);
      const v = parse(argv.slice(2), {}, 'secrets reseal');
      return { command: 'secrets reseal', data: v.data as string | undefined };
    }
    default:
      throw usageError(`Unknown command "${first}".`);
  }
}
