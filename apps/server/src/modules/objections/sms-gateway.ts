import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { insertSmsSinkMessage } from './applicants.repository';

export interface SmsMessage {
  enterpriseId: number;
  mobile: string;
  maskedMobile: string;
  text: string;
}

/** Sends one text message; `sink` when it went to the development sink instead of a phone. */
export interface SmsSender {
  /** Whether codes go to the development sink rather than to phones. */
  sink: boolean;
  /** Whether a code can be sent at all (not with the sink in production). */
  available: boolean;
  send(db: Db, message: SmsMessage): Promise<void>;
}

const GATEWAY_TIMEOUT_MS = 10_000;

/**
 * The SMS gateway adapter (docs/objections.md#sms-gateway): POST `{ mobile, text }` as JSON to SMS_GATEWAY_URL with the
 * bearer token; any 2xx is sent. Without a gateway, outside production, the development sink writes the message to the
 * server log and to `sms_sink_messages` (the console page 开发环境短信); in production nothing is sent.
 */
export type SmsSettings = Pick<Config, 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_TOKEN' | 'NODE_ENV'>;

export function createSmsSender(config: SmsSettings, log: FastifyBaseLogger): SmsSender {
  const { SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: token } = config;
  if (url && token) {
    return {
      sink: false,
      available: true,
      async send(_db, message) {
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ mobile: message.mobile, text: message.text }),
            signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
          });
        } catch (error) {
          log.error({ err: error }, 'SMS gateway unreachable');
          throw new AppError('SMS_GATEWAY_FAILED');
        }
        if (!response.ok) {
          log.error({ status: response.status }, 'SMS gateway refused a message');
          throw new AppError('SMS_GATEWAY_FAILED');
        }
      },
    };
  }
  return {
    sink: true,
    available: config.NODE_ENV !== 'production',
    async send(db, message) {
      if (config.NODE_ENV === 'production') throw new AppError('SMS_GATEWAY_FAILED', '短信网关未配置，无法发送验证码');
      // The development sink: the code is in the log and on a console page, never on the portal.
      log.info({ sms: { to: message.maskedMobile, text: message.text } }, 'development SMS sink');
      await insertSmsSinkMessage(db, {
        enterpriseId: message.enterpriseId,
        maskedMobile: message.maskedMobile,
        text: message.text,
      });
    },
  };
}
