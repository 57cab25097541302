import type { Translate } from '../i18n';
import { contentNoun, isModerationAction } from './moderation';
import type { Notification } from './notification-types';

/**
 * The sentence for a notification whose `detail` says more than its type: an escalated expert
 * request, a review of a tip or of an accepted answer, a moderator's action. Null where the
 * type's general sentence fits (and for details this app version does not know).
 *
 * A moderator's reason reaches only the content's author (the people who flagged it are told
 * what happened, not why), so a sentence with a reason says "your"; one without stays neutral,
 * as its reader may be the author or someone who flagged it.
 */
export function detailedNotificationText(notification: Notification, tr: Translate): string | null {
  const { title, kind } = notification.post;
  const action = notification.detail?.action;
  switch (notification.type) {
    case 'expert_request':
      return action === 'escalation'
        ? tr('notifications.detail.expertEscalation', { title })
        : null;
    case 'review_due':
      return tr('notifications.detail.reviewDue', { kind, title });
    case 'flag_resolved': {
      if (!isModerationAction(action)) return null;
      const target = contentNoun(notification.answerId === null ? 'post' : 'answer', kind);
      const reason = notification.detail?.reason?.trim() ?? '';
      return reason === ''
        ? tr(`notifications.detail.flagResolvedPlain.${action}`, { target, title })
        : tr(`notifications.detail.flagResolved.${action}`, { target, title, reason });
    }
    case 'mention':
    case 'answer':
    case 'accepted':
    case 'reply':
    case 'followed_post':
    case 'announcement':
      return null;
    default: {
      const unknown: never = notification.type;
      return unknown;
    }
  }
}
