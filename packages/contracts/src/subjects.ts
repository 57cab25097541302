/**
 * Subject, stream, consumer and index names. Each takes the `OUTLOUD_PREFIX` so that test files
 * (and whole instances) can share one NATS server and one Meilisearch without seeing each other.
 */
export const PREFIX_PATTERN = /^[a-z0-9_]{0,32}$/;

export interface Names {
  readonly prefix: string;
  /** `evt.feed.post.created` → `<prefix>.evt.feed.post.created` */
  subject(name: string): string;
  /** Request/reply subject `svc.<service>.<verb>`. */
  svc(service: string, verb: string): string;
  /** Wildcard for all events of one producing service, e.g. `evt.feed.>`. */
  events(service?: string): string;
  /** JetStream stream holding every event. */
  readonly stream: string;
  /** A durable consumer name for a consuming service. */
  consumer(service: string): string;
  /** A Meilisearch index uid. */
  index(name: string): string;
  /** Core NATS subject for live pushes to one user; `*` for every user. */
  liveUser(userId: string): string;
}

export function names(prefix = ''): Names {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`OUTLOUD_PREFIX must match ${PREFIX_PATTERN.source}, got "${prefix}"`);
  }
  const subject = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const word = (name: string) => (prefix ? `${prefix}_${name}` : name);
  return {
    prefix,
    subject,
    svc: (service, verb) => subject(`svc.${service}.${verb}`),
    events: (service) => subject(service ? `evt.${service}.>` : 'evt.>'),
    stream: word('EVENTS'),
    consumer: (service) => word(service),
    index: (name) => word(name),
    liveUser: (userId) => subject(`live.user.${userId}`),
  };
}

/** Request/reply verbs per service. */
export const FeedVerbs = {
  listChannels: 'listChannels',
  accessibleChannels: 'accessibleChannels',
  createChannel: 'createChannel',
  getChannel: 'getChannel',
  updateChannel: 'updateChannel',
  joinChannel: 'joinChannel',
  welcome: 'welcome',
  addMember: 'addMember',
  removeMember: 'removeMember',
  listMembers: 'listMembers',
  joinedChannels: 'joinedChannels',
  channelDirectory: 'channelDirectory',
  markChannelRead: 'markChannelRead',
  setChannelStar: 'setChannelStar',
  createPost: 'createPost',
  getPost: 'getPost',
  postAccess: 'postAccess',
  listAnswers: 'listAnswers',
  redactRevision: 'redactRevision',
  updatePost: 'updatePost',
  deletePost: 'deletePost',
  listRevisions: 'listRevisions',
  listFeed: 'listFeed',
  createAnswer: 'createAnswer',
  updateAnswer: 'updateAnswer',
  deleteAnswer: 'deleteAnswer',
  acceptAnswer: 'acceptAnswer',
  unacceptAnswer: 'unacceptAnswer',
  votePost: 'votePost',
  voteAnswer: 'voteAnswer',
  setBookmark: 'setBookmark',
  listBookmarks: 'listBookmarks',
  setFollow: 'setFollow',
  listFollows: 'listFollows',
  exportPosts: 'exportPosts',
  uploadAccess: 'uploadAccess',
  flag: 'flag',
  moderationQueue: 'moderationQueue',
  moderate: 'moderate',
  markDuplicate: 'markDuplicate',
  clearDuplicate: 'clearDuplicate',
  reviewPost: 'reviewPost',
  setReviewOwner: 'setReviewOwner',
  freshnessReport: 'freshnessReport',
  listAnswerRevisions: 'listAnswerRevisions',
  redactAnswerRevision: 'redactAnswerRevision',
  importContent: 'importContent',
  exportRecords: 'exportRecords',
  erasePerson: 'erasePerson',
} as const;
export const NotificationVerbs = {
  list: 'list',
  markRead: 'markRead',
  getPreferences: 'getPreferences',
  setPreferences: 'setPreferences',
  digestPreview: 'digestPreview',
  routingInsights: 'routingInsights',
  listWebhooks: 'listWebhooks',
  createWebhook: 'createWebhook',
  updateWebhook: 'updateWebhook',
  deleteWebhook: 'deleteWebhook',
  listWebhookDeliveries: 'listWebhookDeliveries',
  erasePerson: 'erasePerson',
} as const;
/** Served by the gateway, which owns identity, for the other services. */
export const IdentityVerbs = {
  usersByHandles: 'usersByHandles',
  usersByIds: 'usersByIds',
  usersWithRole: 'usersWithRole',
} as const;
export const SearchVerbs = {
  search: 'search',
  similar: 'similar',
  experts: 'experts',
  userStats: 'userStats',
  routingCandidates: 'routingCandidates',
} as const;
export const LearningVerbs = {
  createGoal: 'createGoal',
  listGoals: 'listGoals',
  getGoal: 'getGoal',
  updateGoal: 'updateGoal',
  deleteGoal: 'deleteGoal',
  addEvidence: 'addEvidence',
  removeEvidence: 'removeEvidence',
  setManager: 'setManager',
  getManager: 'getManager',
  createLogEntry: 'createLogEntry',
  listLog: 'listLog',
  deleteLogEntry: 'deleteLogEntry',
  portfolio: 'portfolio',
  exportPortfolio: 'exportPortfolio',
  badges: 'badges',
  createChallenge: 'createChallenge',
  listChallenges: 'listChallenges',
  getChallenge: 'getChallenge',
  joinChallenge: 'joinChallenge',
  leaveChallenge: 'leaveChallenge',
  checkIn: 'checkIn',
  cohort: 'cohort',
  insights: 'insights',
  markCampaign: 'markCampaign',
  recordOpen: 'recordOpen',
  exportRecords: 'exportRecords',
  erasePerson: 'erasePerson',
} as const;
