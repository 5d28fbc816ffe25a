import type { Language } from '@aftersales/domain';

export type ChannelName = 'email' | 'sms' | 'support';

export type OutboundMessage = Readonly<{
  /** `rule:subjectKey`: stable across retries, so a receiver can recognise a repeat. */
  key: string;
  rule: string;
  channel: ChannelName;
  /** Email address, phone number, or `support`. */
  to: string;
  language: Language;
  subject: string;
  text: string;
  html: string;
  /** Structured facts for webhooks (support alerts). */
  data?: Readonly<Record<string, unknown>>;
}>;

/** A way to reach someone. `send` resolves once the far side accepted the message, else throws. */
export interface Channel {
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
  close?(): Promise<void>;
}

export type Channels = Readonly<{ email?: Channel; sms?: Channel; support?: Channel }>;
