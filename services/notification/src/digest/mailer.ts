import nodemailer from 'nodemailer';

export interface Mailer {
  send(message: { to: string; subject: string; html: string; text: string }): Promise<void>;
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
