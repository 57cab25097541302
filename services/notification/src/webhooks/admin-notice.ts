import type { BusLogger, RpcClient } from '@outloud/bus';
import type { IdentityRpc } from '@outloud/contracts';
import type { Mailer } from '@outloud/mail';
import type { Kysely } from 'kysely';
import type { NotifyDB } from '../db.js';
import { disabledUntold, markAdminsNotified } from './deliveries.repository.js';

/** Admins emailed about one turned-off webhook, at most (identity's limit). */
const MAX_ADMINS = 200;

export interface NoticeDeps {
  db: Kysely<NotifyDB>;
  identity: RpcClient<typeof IdentityRpc>;
  mailer?: Mailer;
  appUrl: string;
  logger: BusLogger;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Only the host: a chat webhook's path is its credential and stays out of emails. */
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return 'its target';
  }
};

/**
 * Tells the admins about each webhook Outloud turned off, once: by email where the service has a
 * mailer. Without one the admin page's mark is the notice, and the webhook counts as told.
 * A failed email leaves it untold for the next run.
 */
export async function noticeDisabledWebhooks(deps: NoticeDeps, now: Date): Promise<number> {
  const untold = await disabledUntold(deps.db);
  if (untold.length === 0) return 0;
  const admins = deps.mailer
    ? (await deps.identity.call('usersWithRole', { role: 'admin', limit: MAX_ADMINS })).users
    : [];
  const settingsUrl = `${deps.appUrl.replace(/\/$/, '')}/#/admin/integrations`;
  let told = 0;
  for (const hook of untold) {
    try {
      for (const admin of admins) {
        const reason = hook.disabledReason ?? 'It kept failing.';
        await deps.mailer?.send({
          to: admin.email,
          subject: `Outloud turned off a webhook to ${hostOf(hook.url)}`,
          text: `Hello ${admin.displayName},\n\nThe webhook to ${hostOf(hook.url)} kept failing, so Outloud turned it off.\n${reason}\n\nCheck the receiver, then turn it on again: ${settingsUrl}\n`,
          html: `<p>Hello ${escapeHtml(admin.displayName)},</p><p>The webhook to <b>${escapeHtml(hostOf(hook.url))}</b> kept failing, so Outloud turned it off.</p><p>${escapeHtml(reason)}</p><p><a href="${escapeHtml(settingsUrl)}">Check the receiver, then turn it on again</a>.</p>`,
        });
      }
      await markAdminsNotified(deps.db, hook.id, now);
      told++;
    } catch (error) {
      deps.logger.warn(
        { err: error, webhookId: hook.id },
        'could not tell admins of a turned-off webhook',
      );
    }
  }
  return told;
}
