import { translate, type MessageKey } from '../i18n';
import { formatNumber } from './format';
import type { LearningRoute } from './learning';
import type { Route } from './route';

/** What the browser tab says: the page, with the unread count first when there is one. */
export function pageTitle(route: Route, unread: number): string {
  const page = pageName(route);
  const title = page === null ? 'Outloud' : translate('nav.title.withApp', { page });
  if (unread <= 0) return title;
  const count = unread > 99 ? `${formatNumber(99)}+` : formatNumber(unread);
  return translate('nav.title.unread', { count, title });
}

function pageName(route: Route): string | null {
  const named = (key: MessageKey): string => translate(key);
  switch (route.name) {
    case 'home':
      return null;
    case 'signin':
      return named('nav.title.signin');
    case 'signup':
      return named('nav.title.signup');
    case 'search':
      return route.q === ''
        ? named('nav.title.search')
        : translate('nav.title.searchFor', { q: route.q });
    case 'experts':
      return named('nav.title.experts');
    case 'post':
      return named('nav.title.post');
    case 'channels':
      return named('nav.title.channels');
    case 'new-channel':
      return named('nav.title.newChannel');
    case 'channel':
      return named('nav.title.channel');
    case 'tag':
      return `#${route.tag}`;
    case 'bookmarks':
      return named('nav.title.bookmarks');
    case 'user':
      return `@${route.handle}`;
    case 'new-post':
      return named('nav.title.newPost');
    case 'notifications':
      return named('nav.title.notifications');
    case 'settings':
      return named('nav.title.settings');
    case 'admin':
      return named('nav.title.admin');
    case 'moderation':
      return named('moderation.queue.title');
    case 'setup':
      return named('nav.title.setup');
    case 'forgot-password':
      return named('nav.title.forgotPassword');
    case 'reset-password':
      return named('nav.title.resetPassword');
    case 'verify-email':
      return named('nav.title.verifyEmail');
    case 'invite':
      return named('nav.title.invite');
    case 'learning':
      return learningPageName(route.page);
    case 'not-found':
      return named('nav.title.notFound');
    default: {
      const unknown: never = route;
      return String(unknown);
    }
  }
}

function learningPageName(page: LearningRoute): string {
  switch (page.name) {
    case 'goals':
      return translate('nav.title.goals');
    case 'portfolio':
      return translate('nav.title.portfolio', { handle: page.handle });
    case 'challenges':
      return translate('nav.title.challenges');
    case 'challenge':
      return translate('nav.title.challenge');
    case 'insights':
      return translate('nav.title.insights');
    default: {
      const unknown: never = page;
      return String(unknown);
    }
  }
}
