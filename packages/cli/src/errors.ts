/** The command line was wrong: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The command could not be done (a missing file, an unreachable server): exit code 1. A server's
 * error answer is the SDK's `ApiError`, also exit code 1.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
}
