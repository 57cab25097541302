import type { Random } from './random.js';

// Hand-written templates for a believable organisation. Titles and bodies are put together from
// them with the seeded generator, so every run with the same seed writes the same words.

export interface ChannelPlan {
  slug: string;
  name: string;
  description: string;
  visibility: 'public' | 'private';
  /** Topics whose posts go here. */
  topics: readonly string[];
}

export const CHANNELS: readonly ChannelPlan[] = [
  {
    slug: 'engineering',
    name: 'Engineering',
    description: 'Code, reviews and how we ship.',
    visibility: 'public',
    topics: ['typescript', 'testing', 'code-review'],
  },
  {
    slug: 'frontend',
    name: 'Frontend',
    description: 'Svelte, CSS, accessibility and the browser.',
    visibility: 'public',
    topics: ['svelte', 'accessibility', 'css'],
  },
  {
    slug: 'data',
    name: 'Data & Analytics',
    description: 'Postgres, dashboards and metrics that matter.',
    visibility: 'public',
    topics: ['postgres', 'analytics'],
  },
  {
    slug: 'platform',
    name: 'Platform & DevOps',
    description: 'Deploys, on-call, observability.',
    visibility: 'public',
    topics: ['kubernetes', 'observability', 'on-call'],
  },
  {
    slug: 'design',
    name: 'Design',
    description: 'Research, prototypes and the design system.',
    visibility: 'public',
    topics: ['design-system', 'user-research'],
  },
  {
    slug: 'customer-success',
    name: 'Customer Success',
    description: 'What customers ask and how we answer.',
    visibility: 'public',
    topics: ['support', 'onboarding'],
  },
  {
    slug: 'learning-lab',
    name: 'Learning Lab',
    description: 'Challenges, reading groups and what we learned this week.',
    visibility: 'public',
    topics: ['learning', 'writing'],
  },
  {
    slug: 'announcements',
    name: 'Announcements',
    description: 'News from the leadership team.',
    visibility: 'public',
    topics: [],
  },
  {
    slug: 'leadership',
    name: 'Leadership',
    description: 'Managers only: planning and people topics.',
    visibility: 'private',
    topics: ['management'],
  },
  {
    slug: 'security-response',
    name: 'Security Response',
    description: 'Incidents and vulnerabilities, need to know.',
    visibility: 'private',
    topics: ['security'],
  },
];

export const TEAMS = [
  'Platform',
  'Payments',
  'Mobile',
  'Data',
  'Design',
  'Customer Success',
  'Security',
  'People',
] as const;

const FIRST_NAMES = [
  'Amara',
  'Ben',
  'Chloé',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ivan',
  'Jun',
  'Kemi',
  'Lars',
  'Maya',
  'Nikhil',
  'Olga',
  'Pablo',
  'Quinn',
  'Rosa',
  'Sami',
  'Tomás',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aiko',
  'Bruno',
  'Clara',
  'Diego',
  'Emma',
  'Finn',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Keiko',
  'Leila',
  'Mateo',
  'Nora',
];
const LAST_NAMES = [
  'Okafor',
  'Schneider',
  'Dubois',
  'Petrov',
  'Yılmaz',
  'Haddad',
  'Silva',
  'Tanaka',
  'Novak',
  'Li',
  'Adeyemi',
  'Johansson',
  'Cohen',
  'Sharma',
  'Ivanova',
  'García',
  'Murphy',
  'Rossi',
  'Virtanen',
  'Costa',
  'Nair',
  'Horvat',
  'Zhang',
  'López',
  'Demir',
  'Martin',
  'Sato',
  'Ferreira',
  'Berg',
  'Moreau',
];
const JOB_TITLES = [
  'Software Engineer',
  'Senior Engineer',
  'Staff Engineer',
  'Product Designer',
  'Data Analyst',
  'Engineering Manager',
  'Support Specialist',
  'SRE',
  'Product Manager',
  'Security Engineer',
];

export interface PersonPlan {
  handle: string;
  displayName: string;
  email: string;
  team: string;
  title: string;
  manager: boolean;
  topics: string[];
}

export function personPlan(
  random: Random,
  index: number,
  runTag: string,
  domain: string,
): PersonPlan {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const ascii = `${first}_${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z_]/g, '')
    .toLowerCase();
  const handle = `${ascii.slice(0, 20)}_${runTag}${index}`.slice(0, 30);
  return {
    handle,
    displayName: `${first} ${last}`,
    email: `${handle}@${domain}`,
    team: random.pick(TEAMS),
    title: random.pick(JOB_TITLES),
    manager: index % 25 === 0,
    topics: random.sample(TOPICS, 3),
  };
}

export const TOPICS = [
  'typescript',
  'testing',
  'code-review',
  'svelte',
  'accessibility',
  'css',
  'postgres',
  'analytics',
  'kubernetes',
  'observability',
  'on-call',
  'design-system',
  'user-research',
  'support',
  'onboarding',
  'learning',
  'writing',
  'management',
  'security',
] as const;

/** Things one can ask or teach about, by topic. */
const SUBJECTS: Record<string, readonly string[]> = {
  typescript: [
    'discriminated unions',
    'strict null checks',
    'project references',
    'type-only imports',
    'generics in repository classes',
  ],
  testing: [
    'flaky integration tests',
    'test data factories',
    'snapshot tests',
    'testing with a real Postgres',
    'injected clocks',
  ],
  'code-review': [
    'small pull requests',
    'review checklists',
    'reviewing database migrations',
    'stacked changes',
  ],
  svelte: [
    'Svelte stores',
    'form actions',
    'component props',
    'transitions',
    'server-side rendering',
  ],
  accessibility: [
    'focus management in dialogs',
    'screen reader labels',
    'colour contrast',
    'keyboard navigation',
  ],
  css: ['container queries', 'CSS grid layouts', 'dark mode tokens', 'logical properties'],
  postgres: [
    'partial indexes',
    'keyset pagination',
    'EXPLAIN ANALYZE',
    'connection pooling',
    'long-running migrations',
  ],
  analytics: ['weekly active users', 'funnel dashboards', 'event naming', 'cohort retention'],
  kubernetes: ['readiness probes', 'resource limits', 'rolling deploys', 'secrets rotation'],
  observability: ['structured logs', 'trace sampling', 'alert fatigue', 'SLO burn rates'],
  'on-call': ['handover notes', 'incident timelines', 'runbooks', 'paging policies'],
  'design-system': [
    'design tokens',
    'button variants',
    'icon guidelines',
    'component documentation',
  ],
  'user-research': [
    'interview scripts',
    'usability tests',
    'synthesising notes',
    'recruiting participants',
  ],
  support: [
    'refund requests',
    'SSO set-up questions',
    'escalation paths',
    'macros for common replies',
  ],
  onboarding: ['the first week', 'laptop set-up', 'buddy programme', 'access requests'],
  learning: ['reading groups', 'a weekly learning log', 'pairing sessions', 'conference talks'],
  writing: ['design documents', 'release notes', 'postmortems', 'README files'],
  management: ['one-on-ones', 'career ladders', 'quarterly planning', 'hiring loops'],
  security: ['dependency updates', 'phishing reports', 'access reviews', 'secret scanning'],
};

const QUESTION_TITLES = [
  'How do we handle {s} in our setup?',
  'What is the recommended way to approach {s}?',
  'Has anyone solved {s} for a team our size?',
  'Why does {s} behave differently in staging?',
  'Where can I find our guidelines on {s}?',
  'Is there a checklist for {s}?',
  'Best tools for {s} in 2026?',
];
const TIP_TITLES = [
  'TIL: a simpler way to do {s}',
  'Five things I wish I knew about {s}',
  'Our playbook for {s}',
  'Quick tip: {s} without the pain',
  'What worked for us with {s}',
  'A short guide to {s}',
];
const OPENINGS = [
  'We ran into this last sprint and it took longer than it should have.',
  'This came up in a retro and a few people asked me to write it down.',
  'I have been experimenting with this for a couple of weeks now.',
  'A customer escalation made us look at this more closely.',
  'Sharing in case it saves someone an afternoon.',
];
const STEPS = [
  'Start with the smallest change that shows the problem.',
  'Write down what you expect before you measure.',
  'Keep the defaults unless you can name the reason to change them.',
  'Ask in this channel early; someone has probably seen it before.',
  'Add a test that fails first, then fix it.',
  'Document the decision next to the code, not in a chat thread.',
  'Check the dashboards before and after, and link both.',
];
const CLOSINGS = [
  'Happy to pair on this if anyone wants to try it.',
  'Let me know if this matches what you see.',
  'Corrections welcome, this is how it works for us today.',
  'I will update this post when we learn more.',
];
const ANSWERS = [
  'We had the same issue. What fixed it for us was {step}',
  'Short answer: yes. Longer answer: {step}',
  'I would look at the runbook first. {step}',
  'Not sure it applies to you, but {step}',
  'We tried a few options; the one that stuck: {step}',
];

export interface PostPlan {
  kind: 'tip' | 'question';
  title: string;
  body: string;
  tags: string[];
}

export function subjectsOf(topic: string): readonly string[] {
  return SUBJECTS[topic] ?? ['our tooling'];
}

export function postPlan(random: Random, topic: string): PostPlan {
  const kind = random.chance(0.55) ? 'question' : 'tip';
  const subject = random.pick(subjectsOf(topic));
  const title = random
    .pick(kind === 'question' ? QUESTION_TITLES : TIP_TITLES)
    .replace('{s}', subject);
  const steps = random.sample(STEPS, random.int(2, 4));
  const body =
    kind === 'question'
      ? `${random.pick(OPENINGS)}\n\nWe are looking at **${subject}** and are not sure where to start. What we tried so far:\n\n${steps.map((step) => `- ${step}`).join('\n')}\n\nAny pointers appreciated.`
      : `${random.pick(OPENINGS)}\n\n## What to do\n\n${steps.map((step, i) => `${i + 1}. ${step}`).join('\n')}\n\n\`\`\`\n# ${subject}: keep it small and measured\n\`\`\`\n\n${random.pick(CLOSINGS)}`;
  const extra = random.chance(0.4) ? [random.pick(TOPICS)] : [];
  return { kind, title, body, tags: [...new Set([topic, ...extra])] };
}

export function answerBody(random: Random): string {
  return random.pick(ANSWERS).replace('{step}', random.pick(STEPS).toLowerCase());
}

export function goalPlan(random: Random, topic: string): { title: string; why: string } {
  const subject = random.pick(subjectsOf(topic));
  return {
    title: `Get comfortable with ${subject}`,
    why: `I want to help my team with ${subject} instead of waiting for someone else to.`,
  };
}

export function logPlan(
  random: Random,
  topic: string,
): { learned: string; tried: string; next: string } {
  const subject = random.pick(subjectsOf(topic));
  return {
    learned: `Read up on ${subject}; ${random.pick(STEPS).toLowerCase()}`,
    tried: `Tried it on a small change in our ${topic} work.`,
    next: `Share what I found in the channel and ask for a review.`,
  };
}

export const CHALLENGE = {
  title: '30 days of small improvements',
  description: 'One small, shareable improvement a day. Answer the prompt, keep your streak.',
  tag: 'challenge',
  prompts: Array.from(
    { length: 30 },
    (_, i) => `Day ${i + 1}: ${STEPS[i % STEPS.length] ?? ''} What did you improve today?`,
  ),
};

export const ANNOUNCEMENTS = [
  {
    title: 'Welcome to Outloud: ask, share, learn out loud',
    body: 'This is our new home for questions and tips.\n\n- **Ask** in the channel closest to your topic.\n- **Share** what you learn as a tip.\n- **Join** the 30-day challenge in #learning-lab.',
  },
  {
    title: 'Week 2 of the learning campaign: answer one question a day',
    body: 'Great start! Next goal: every team answers at least one open question a day. Check **Unanswered** in your channels.',
  },
  {
    title: 'Campaign wrap-up: what we learned together',
    body: 'We will share the numbers at the all-hands. Keep posting tips; the best ones go into the onboarding guide.',
  },
];
