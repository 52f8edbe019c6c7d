import { createTransport } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** A stable Message-ID: a mail sent again after a crash is recognisable as the same one. */
  messageId: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * Mail through the SMTP server of SMTP_URL (`smtp://user:password@host:587`, or `smtps://` for TLS from the start),
 * from MAIL_FROM; undefined when SMTP_URL is unset (the platform then sends no mail). One pooled connection.
 */
export function createMailer(config: {
  SMTP_URL?: string | undefined;
  MAIL_FROM?: string | undefined;
}): Mailer | undefined {
  if (!config.SMTP_URL || !config.MAIL_FROM) return undefined;
  const from = config.MAIL_FROM;
  const transport = createTransport(config.SMTP_URL, { from });
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close() {
      transport.close();
    },
  };
}
