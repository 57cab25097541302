import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the catcher received, parsed. */
export interface CaughtMail {
  /** Envelope recipients (RCPT TO), lowercase. */
  readonly to: readonly string[];
  /** Envelope sender (MAIL FROM). */
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  /** The HTML part, or '' when the message has none. */
  readonly html: string;
  readonly headers: ReadonlyMap<string, unknown>;
  readonly receivedAt: Date;
}

export interface MailCatcher extends AsyncDisposable {
  /** `smtp://127.0.0.1:<port>`, ready for `SMTP_URL`. */
  readonly url: string;
  /** Every message received so far, oldest first. */
  readonly messages: readonly CaughtMail[];
  /** The first message (already received or arriving) that matches, or an error after `timeoutMs`. */
  waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /** The http(s) links in a message's text and HTML, in order, without duplicates. */
  linksIn(mail: CaughtMail): string[];
  close(): Promise<void>;
}

const LINK = /https?:\/\/[^\s"'<>]+/g;

function decodeEntities(value: string): string {
  return value
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
}

/**
 * A real SMTP server on a free local port that keeps what it receives, so tests can follow the
 * links in account emails. No authentication, no TLS.
 */
export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters = new Set<(mail: CaughtMail) => void>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: CaughtMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || '',
            headers: parsed.headers,
            receivedAt: new Date(),
          };
          messages.push(mail);
          for (const waiter of waiters) waiter(mail);
          callback();
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  const waitFor = (predicate: (mail: CaughtMail) => boolean, timeoutMs = 10_000) => {
    const already = messages.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise<CaughtMail>((resolve, reject) => {
      const waiter = (mail: CaughtMail) => {
        if (!predicate(mail)) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve(mail);
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `no matching email within ${timeoutMs} ms (received ${messages.length}: ${messages
              .map((m) => `${m.to.join(',')} "${m.subject}"`)
              .join('; ')})`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  const linksIn = (mail: CaughtMail) => {
    const found = [...mail.text.matchAll(LINK), ...mail.html.matchAll(LINK)].map((m) =>
      decodeEntities(m[0]),
    );
    return [...new Set(found)];
  };

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
    }));

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor,
    linksIn,
    close,
    [Symbol.asyncDispose]: close,
  };
}
