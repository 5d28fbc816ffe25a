/**
 * The handful of error classes the whole system speaks. Each carries a stable `code`;
 * the HTTP layer maps the class to a status in one place.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'illegal-state' | 'not-found' | 'concurrency';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The command is malformed (400/422). Nothing is appended. */
export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
}

/** The command is well formed but the business rules forbid it now (409/422). */
export class IllegalStateError extends DomainError {
  readonly kind = 'illegal-state' as const;
}

/** The subject of the command does not exist (404). */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found' as const;
}

/** The stream moved on since it was read (409/412). */
export class ConcurrencyError extends DomainError {
  readonly kind = 'concurrency' as const;
}

/**
 * For the `default` branch of a switch over a command union: the compiler proves it unreachable,
 * but input from the wire can still carry a type nobody knows.
 */
export function unknownCommand(command: { type: string }): never {
  throw new ValidationError('unknown-command', `unknown command type ${String(command.type)}`, {
    type: command.type,
  });
}
