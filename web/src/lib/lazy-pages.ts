/**
 * Every page but those a visit most often starts on (the feed, a channel, the composer, sign-in)
 * loads on demand, each in a chunk of its own, so the first page's bundle carries only what those
 * need. The browser caches a chunk: coming back to its page is instant.
 */
export const lazyPages = {
  post: () => import('../components/PostPage.svelte'),
  search: () => import('../components/SearchPage.svelte'),
  experts: () => import('../components/ExpertsPage.svelte'),
  profile: () => import('../components/ProfilePage.svelte'),
  tag: () => import('../components/TagPage.svelte'),
  bookmarks: () => import('../components/BookmarksPage.svelte'),
  notifications: () => import('../components/NotificationsPage.svelte'),
  browseChannels: () => import('../components/BrowseChannelsPage.svelte'),
  newChannel: () => import('../components/NewChannelPage.svelte'),
  admin: () => import('../components/AdminPage.svelte'),
  moderation: () => import('../components/moderation/ModerationQueuePage.svelte'),
  learning: () => import('../components/learning/LearningRouter.svelte'),
  settings: () => import('../components/SettingsPage.svelte'),
  setup: () => import('../components/account/SetupPage.svelte'),
  forgotPassword: () => import('../components/account/ForgotPasswordPage.svelte'),
  resetPassword: () => import('../components/account/ResetPasswordPage.svelte'),
  verifyEmail: () => import('../components/account/VerifyEmailPage.svelte'),
  invite: () => import('../components/account/InvitePage.svelte'),
} as const;
