/** An RFC 9457 problem as the API answers it. */
export type Problem = Readonly<{
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  correlationId?: string;
  [extension: string]: unknown;
}>;

/** The API refused the request with a problem: `code` is stable, branch on it. */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(
    readonly operationId: string,
    readonly problem: Problem,
  ) {
    super(`${operationId}: ${problem.status} ${problem.code}${problem.detail ? ` (${problem.detail})` : ''}`);
    this.name = 'ProblemError';
    this.status = problem.status;
    this.code = problem.code;
  }
}

/** The API could not be reached, or kept answering "try again", until the client's deadline. */
export class ApiUnavailableError extends Error {
  constructor(
    readonly operationId: string,
    message: string,
    readonly lastStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(`${operationId}: ${message}`, options);
    this.name = 'ApiUnavailableError';
  }
}
