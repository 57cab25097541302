export { createSmtpMailer, type Mailer, type MailMessage } from './mailer.js';
