import nodemailer from 'nodemailer';
import { ChannelError } from '../errors';
import type { Channel, OutboundMessage } from './types';

export type SmtpChannelOptions = Readonly<{
  /** e.g. `smtp://127.0.0.1:2525` */
  url: string;
  from: string;
  /** Message-ID domain: the id is derived from the message key, the same on every retry. */
  messageIdDomain?: string;
}>;

/** Email over SMTP with nodemailer (pooled connections). */
export function smtpChannel(options: SmtpChannelOptions): Channel {
  const transport = nodemailer.createTransport(options.url, { pool: true, maxConnections: 4 } as never);
  const domain = options.messageIdDomain ?? 'aftersales.local';
  return {
    name: 'email',
    async send(message: OutboundMessage) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${encodeURIComponent(message.key)}@${domain}>`,
          headers: { 'Content-Language': message.language, 'X-Notification-Rule': message.rule },
        });
      } catch (err) {
        throw new ChannelError('email', 'SMTP send failed', { cause: err });
      }
    },
    async close() {
      transport.close();
    },
  };
}
