/**
 * Pages that most visits never open (administration, learning, settings, the one-time account
 * links) load on demand, each in a chunk of its own, so the first page's bundle carries only what
 * reading and writing posts needs.
 */
export const lazyPages = {
  admin: () => import('../components/AdminPage.svelte'),
  learning: () => import('../components/learning/LearningRouter.svelte'),
  settings: () => import('../components/SettingsPage.svelte'),
  setup: () => import('../components/account/SetupPage.svelte'),
  forgotPassword: () => import('../components/account/ForgotPasswordPage.svelte'),
  resetPassword: () => import('../components/account/ResetPasswordPage.svelte'),
  verifyEmail: () => import('../components/account/VerifyEmailPage.svelte'),
  invite: () => import('../components/account/InvitePage.svelte'),
} as const;
