/**
 * The columns of a person that leave Outloud in an export (whole-instance or personal): one list,
 * so neither can let a password hash, token or session slip out.
 */
export const EXPORTED_USER_COLUMNS = [
  'id',
  'handle',
  'displayName',
  'email',
  'roles',
  'status',
  'createdAt',
  'emailVerifiedAt',
  'bio',
  'title',
  'team',
  'timeZone',
  'skills',
  'locale',
  'lastSeenAt',
] as const;
