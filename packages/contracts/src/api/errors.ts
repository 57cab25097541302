import Type from 'typebox';

/** Every API error has this shape (API.md, Conventions). */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Type.Static<typeof ErrorBody>;

/** Stable error codes shared by services and the gateway, with their HTTP statuses. */
export const ErrorCodes = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  /** The sign-up policy does not let this person create an account (invitation only, domain). */
  signup_closed: 403,
  /** Password sign-in is turned off: people sign in through single sign-on. */
  password_login_disabled: 403,
  /** The account is suspended or deactivated (said only after the password was right). */
  account_inactive: 403,
  /** The person must confirm their email address first (email-domain sign-up). */
  email_unverified: 403,
  /** A one-time link (setup, reset, verification, invitation) is unknown, used or expired. */
  invalid_token: 400,
  /** The current password given to change it is not the person's password. */
  wrong_password: 400,
  /** The account has no password (it signs in through single sign-on). */
  no_password: 400,
  /** The instance already has its first admin. */
  setup_done: 409,
  not_found: 404,
  user_not_found: 404,
  post_not_found: 404,
  channel_not_found: 404,
  goal_not_found: 404,
  challenge_not_found: 404,
  conflict: 409,
  /** Redacting a post's history cannot remove its current text (edit the post instead). */
  current_revision: 409,
  /** The person already has an open flag on this post or answer. */
  already_flagged: 409,
  /** People cannot flag their own posts or answers. */
  cannot_flag_own: 400,
  /** Closed as a duplicate: answers go to the original (`details.duplicateOf`, `details.original`). */
  closed_as_duplicate: 409,
  /** A moderator locked the thread: it takes no new answers. */
  thread_locked: 409,
  /** Nothing here is reviewed (no review owner: open questions, announcements). */
  not_reviewable: 409,
  email_taken: 409,
  handle_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  /** A newcomer wrote as many posts and answers as their first day allows (`Retry-After`). */
  newcomer_post_limit: 429,
  /** A newcomer wrote as many links as their first day allows (`Retry-After`). */
  newcomer_link_limit: 429,
  internal: 500,
  /** A service's reply would not fit in one bus message; logged where it happens. */
  reply_too_large: 500,
  unavailable: 503,
  search_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ErrorCodes;
