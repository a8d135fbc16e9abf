/** The command line was wrong: the CLI prints the message and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command could not be done (a missing file, an unreachable server): exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** A server answered with an error body `{ code, message }`: exit code 1. */
export class ApiError extends CliError {
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** Machine-readable code from the body, or `HTTP_<status>` when the body has none. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Reads the `{ code, message }` body of a failed response. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const body = (await response.json().catch(() => null)) as { code?: unknown; message?: unknown } | null;
    return new ApiError(
      response.status,
      typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`,
      typeof body?.message === 'string' ? body.message : response.statusText || 'Request failed',
    );
  }
}
