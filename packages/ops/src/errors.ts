/**
 * Errors an operator can cause and fix: each names what was wrong, carries a stable `code`,
 * and maps to one exit code (CLI) and one status (HTTP). Anything else is a bug or an outage.
 */
export type OpsErrorKind = 'bad-input' | 'not-found' | 'unavailable' | 'integrity';

export class OpsError extends Error {
  constructor(
    readonly kind: OpsErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpsError';
  }
}

export const badInput = (code: string, message: string, details?: Record<string, unknown>) =>
  new OpsError('bad-input', code, message, details);

export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new OpsError('not-found', code, message, details);

export const unavailable = (code: string, message: string, details?: Record<string, unknown>) =>
  new OpsError('unavailable', code, message, details);

/** Exit codes: 2 bad usage, 3 unknown subject, 4 feature not available, 5 integrity failure. */
export const exitCodeOf = (kind: OpsErrorKind): number => {
  switch (kind) {
    case 'bad-input':
      return 2;
    case 'not-found':
      return 3;
    case 'unavailable':
      return 4;
    case 'integrity':
      return 5;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
};

export const httpStatusOf = (kind: OpsErrorKind): number => {
  switch (kind) {
    case 'bad-input':
      return 400;
    case 'not-found':
      return 404;
    case 'unavailable':
      return 501;
    case 'integrity':
      return 409;
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
};
