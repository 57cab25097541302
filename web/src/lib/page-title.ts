import type { Route } from './route';

/** What the browser tab says: the page, with the unread count first when there is one. */
export function pageTitle(route: Route, unread: number): string {
  const page = pageName(route);
  const base = page === null ? 'Outloud' : `${page} · Outloud`;
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}

function pageName(route: Route): string | null {
  switch (route.name) {
    case 'home':
      return null;
    case 'signin':
      return 'Sign in';
    case 'signup':
      return 'Sign up';
    case 'search':
      return route.q === '' ? 'Search' : `Search: ${route.q}`;
    case 'experts':
      return 'Find experts';
    case 'post':
      return 'Post';
    case 'channels':
      return 'Channels';
    case 'new-channel':
      return 'New channel';
    case 'channel':
      return 'Channel';
    case 'tag':
      return `#${route.tag}`;
    case 'bookmarks':
      return 'Bookmarks';
    case 'user':
      return `@${route.handle}`;
    case 'new-post':
      return 'New post';
    case 'notifications':
      return 'Notifications';
    case 'settings':
      return 'Settings';
    case 'admin':
      return 'Administration';
    case 'setup':
      return 'Set up Outloud';
    case 'forgot-password':
      return 'Forgot password';
    case 'reset-password':
      return 'Choose a new password';
    case 'verify-email':
      return 'Confirm your email';
    case 'invite':
      return 'Join Outloud';
    case 'not-found':
      return 'Page not found';
    default: {
      const unknown: never = route;
      return String(unknown);
    }
  }
}
