/** Small errors with a stable code, so logs and dead letters say what kind of failure it was. */
export class NotifierError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NotifierError';
  }
}

/** A channel could not deliver; the message stays pending and is retried later. */
export class ChannelError extends NotifierError {
  constructor(channel: string, message: string, options?: { cause?: unknown }) {
    super('CHANNEL_UNAVAILABLE', `${channel}: ${message}`, options);
    this.name = 'ChannelError';
  }
}

/** A message on the bus that cannot be decoded: it goes straight to the dead letters. */
export class PoisonMessageError extends NotifierError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('POISON_MESSAGE', message, options);
    this.name = 'PoisonMessageError';
  }
}
