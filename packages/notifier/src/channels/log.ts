import type { Logger } from 'pino';
import type { Channel, ChannelName, OutboundMessage } from './types';

/**
 * The embedded mode's channel: records that a message went out, without its content or address
 * (personal data stays out of logs).
 */
export function logChannel(name: ChannelName, log: Logger): Channel {
  return {
    name,
    async send(message: OutboundMessage) {
      log.info(
        { channel: name, rule: message.rule, key: message.key, language: message.language },
        'notification delivered to log channel',
      );
    },
  };
}
