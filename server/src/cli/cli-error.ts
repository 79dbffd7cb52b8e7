/** A problem the person running the command can fix; printed without a stack trace. */
export class CliError extends Error {
  /** 2 = bad usage (arguments), 1 = the command failed. */
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A usage error (unknown command, bad or missing argument): exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(`${message}\nRun \`npm run server -- --help\` for the commands and their options.`, 2);
}
