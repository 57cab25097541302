import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Hands a message to a mail server; the gateway's account emails and the digest share it. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** An SMTP transport for `SMTP_URL` (e.g. `smtps://user:pass@smtp.example:465`). */
export function createSmtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}
