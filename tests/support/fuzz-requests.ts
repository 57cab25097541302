/**
 * Schema-driven requests for the whole public API, shared by the fuzz test (`tests/api/fuzz.test.ts`,
 * through `app.inject()`) and its bench (`tests/bench/fuzz.ts`, over HTTP): every route of the
 * gateway's OpenAPI document, with valid parameters and bodies derived from its JSON schemas, then
 * mutated (wrong types, missing and extra fields, odd strings, numbers, dates and cursors), sent as
 * a member, an admin, an API token, a cookie without its CSRF token, or anonymously.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';

/** A request on the wire, whatever carries it (inject or HTTP). */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export type Send = (request: WireRequest) => Promise<WireResponse>;

export type Actor = 'member' | 'admin' | 'token' | 'no-csrf' | 'anonymous';

/** One generated request, before credentials are attached. */
export interface FuzzRequest {
  /** `METHOD /path/{param}` as in the OpenAPI document. */
  route: string;
  method: string;
  url: string;
  as: Actor;
  /** What was done to the valid request (`valid` when nothing). */
  mutation: string;
  /** A JSON body (sent with `application/json`)… */
  body?: unknown;
  /** …or raw bytes with their own content type. */
  raw?: { payload: string | Buffer; contentType: string };
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

export interface FuzzRoute {
  method: string;
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  body?: JsonSchema;
}

/**
 * Routes left out of the fuzz run, with why: signing out ends the session every signed-in request
 * of the run relies on (the rest of the run would only test 401s).
 */
export const SKIPPED_ROUTES: Readonly<Record<string, string>> = {
  'POST /api/v1/auth/logout': 'ends the session the rest of the run signs in with',
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every route and method of the document, except the skipped ones. */
export function routesOf(document: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.has(method)) continue;
      const upper = method.toUpperCase();
      if (SKIPPED_ROUTES[`${upper} ${path}`] !== undefined) continue;
      const parameters = operation.parameters ?? [];
      routes.push({
        method: upper,
        path,
        pathParams: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------
// The world the requests point at

export type IdKind =
  | 'channel'
  | 'post'
  | 'answer'
  | 'goal'
  | 'evidence'
  | 'log'
  | 'challenge'
  | 'user'
  | 'token'
  | 'notification';

export interface Credentials {
  cookie: string;
  csrfToken: string;
}

/** Ids of things that exist, so that valid-id paths reach the handlers. */
export interface FuzzWorld {
  member: Credentials & { userId: string; handle: string };
  admin: Credentials & { userId: string; handle: string };
  token: string;
  /** `keep` ids are used by every method; `spare` ones also by DELETE (which uses only them). */
  ids: Record<IdKind, { keep: string[]; spare: string[] }>;
  handles: string[];
  tags: string[];
  words: string[];
}

function cookieOf(headers: WireResponse['headers']): string {
  const raw = headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return list.map((line) => line.split(';')[0]).join('; ');
}

async function call<T>(
  send: Send,
  who: Credentials | undefined,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (who) Object.assign(headers, { cookie: who.cookie, 'x-csrf-token': who.csrfToken });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await send({
    method,
    url: `/api/v1${url}`,
    headers,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  if (response.status >= 300)
    throw new Error(`seeding: ${method} ${url} answered ${response.status}: ${response.body}`);
  return (response.body ? JSON.parse(response.body) : undefined) as T;
}

async function signUp(
  send: Send,
  handle: string,
  /** With a setup token the person becomes the instance's first admin. */
  setupToken?: string,
): Promise<Credentials & { userId: string; handle: string }> {
  const response = await send({
    method: 'POST',
    url: setupToken ? '/api/v1/auth/setup' : '/api/v1/auth/register',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      email: `${handle}@example.test`,
      password: 'correct horse battery',
      displayName: `Fuzz ${handle}`,
      handle,
      ...(setupToken ? { token: setupToken } : {}),
    }),
  });
  if (response.status !== 201) throw new Error(`seeding: register answered ${response.body}`);
  const session = JSON.parse(response.body) as { user: { id: string }; csrfToken: string };
  return {
    cookie: cookieOf(response.headers),
    csrfToken: session.csrfToken,
    userId: session.user.id,
    handle,
  };
}

/**
 * Creates the things requests point at: an admin (`options.admin`, or made with the instance's
 * one-time `setupToken`; registering makes nobody admin), a member,
 * channels (public, private, one the member is not in), posts of each kind, answers, goals with
 * evidence, a log entry, a challenge, API tokens, and whatever notifications that produced.
 */
export async function seedWorld(
  send: Send,
  options: {
    admin?: Credentials & { userId: string; handle: string };
    setupToken?: string | null;
  } = {},
): Promise<FuzzWorld> {
  const suffix = randomBytes(3).toString('hex');
  const admin =
    options.admin ?? (await signUp(send, `fuzz_admin_${suffix}`, options.setupToken ?? undefined));
  const member = await signUp(send, `fuzz_member_${suffix}`);
  const other = await signUp(send, `fuzz_other_${suffix}`);
  const ids: FuzzWorld['ids'] = {
    channel: { keep: [], spare: [] },
    post: { keep: [], spare: [] },
    answer: { keep: [], spare: [] },
    goal: { keep: [], spare: [] },
    evidence: { keep: [], spare: [] },
    log: { keep: [], spare: [] },
    challenge: { keep: [], spare: [] },
    user: { keep: [member.userId], spare: [other.userId] },
    token: { keep: [], spare: [] },
    notification: { keep: [], spare: [] },
  };
  const tags = ['fuzz', 'kubernetes', 'postgres'];
  const words = ['kubernetes', 'postgres', 'latency', 'onboarding'];

  const channel = async (who: Credentials, visibility: 'public' | 'private', spare = false) => {
    const { channel } = await call<{ channel: { id: string } }>(send, who, 'POST', '/channels', {
      slug: `fuzz-${randomBytes(4).toString('hex')}`,
      name: `Fuzz ${visibility}`,
      visibility,
    });
    ids.channel[spare ? 'spare' : 'keep'].push(channel.id);
    return channel.id;
  };
  const memberPublic = await channel(member, 'public');
  const memberPrivate = await channel(member, 'private');
  const adminPublic = await channel(admin, 'public');
  const adminPrivate = await channel(admin, 'private');
  await channel(member, 'public', true);
  await call(send, other, 'POST', `/channels/${memberPublic}/join`);

  const post = async (
    who: Credentials,
    channelId: string,
    kind: 'tip' | 'question' | 'announcement',
    spare = false,
  ) => {
    const { post } = await call<{ post: { id: string } }>(send, who, 'POST', '/posts', {
      channelId,
      kind,
      title: `How do we tune ${words[ids.post.keep.length % words.length]} for ${kind}s?`,
      body: `Some words about kubernetes and postgres, @${member.handle}.`,
      tags,
    });
    ids.post[spare ? 'spare' : 'keep'].push(post.id);
    return post.id;
  };
  const memberQuestion = await post(member, memberPublic, 'question');
  await post(member, memberPrivate, 'tip');
  const adminQuestion = await post(admin, adminPublic, 'question');
  await post(admin, adminPrivate, 'tip');
  await post(admin, adminPublic, 'announcement');
  await post(member, memberPublic, 'tip', true);
  await post(member, memberPublic, 'question', true);

  const answer = async (who: Credentials, postId: string, spare = false) => {
    const { answer } = await call<{ answer: { id: string } }>(
      send,
      who,
      'POST',
      `/posts/${postId}/answers`,
      { body: `Try kubernetes probes, @${member.handle}.` },
    );
    ids.answer[spare ? 'spare' : 'keep'].push(answer.id);
  };
  await answer(admin, memberQuestion);
  await answer(other, memberQuestion);
  await answer(member, adminQuestion);
  await answer(member, adminQuestion, true);

  const goal = async (who: Credentials, spare = false) => {
    const { goal } = await call<{ goal: { id: string } }>(send, who, 'POST', '/goals', {
      title: 'Learn kubernetes',
      tags: ['kubernetes'],
      measure: { metric: 'answers', count: 3 },
      visibility: 'public',
    });
    ids.goal[spare ? 'spare' : 'keep'].push(goal.id);
    return goal.id;
  };
  const memberGoal = await goal(member);
  await goal(admin);
  await goal(member, true);
  for (const spare of [false, true]) {
    const { evidence } = await call<{ evidence: { id: string } }>(
      send,
      member,
      'POST',
      `/goals/${memberGoal}/evidence`,
      { postId: spare ? ids.post.spare[0] : memberQuestion, note: 'my question' },
    );
    ids.evidence[spare ? 'spare' : 'keep'].push(evidence.id);
    const { entry } = await call<{ entry: { id: string } }>(send, member, 'POST', '/log', {
      goalId: memberGoal,
      learned: 'probes',
    });
    ids.log[spare ? 'spare' : 'keep'].push(entry.id);
  }

  for (const spare of [false, true]) {
    const { challenge } = await call<{ challenge: { id: string } }>(
      send,
      admin,
      'POST',
      '/challenges',
      {
        channelId: adminPublic,
        title: 'Ten days of kubernetes',
        startDate: new Date().toISOString().slice(0, 10),
        timeZone: 'Europe/Paris',
        prompts: ['What did you try?', 'What broke?'],
        tag: 'kubernetes',
      },
    );
    ids.challenge[spare ? 'spare' : 'keep'].push(challenge.id);
  }
  await call(send, member, 'POST', `/challenges/${ids.challenge.keep[0]}/join`);

  const token = await call<{ token: string; id: string }>(send, member, 'POST', '/tokens', {
    name: 'fuzz',
  });
  ids.token.keep.push(token.id);
  const spareToken = await call<{ id: string }>(send, member, 'POST', '/tokens', { name: 'spare' });
  ids.token.spare.push(spareToken.id);

  // Notifications arrive asynchronously (mentions and answers above); take what is there.
  const notifications = await call<{ items: { id: string }[] }>(
    send,
    member,
    'GET',
    '/notifications',
  );
  ids.notification.keep.push(...notifications.items.map((n) => n.id));

  return {
    admin,
    member,
    token: token.token,
    ids,
    handles: [member.handle, admin.handle, other.handle],
    tags,
    words,
  };
}

// ---------------------------------------------------------------------------------------------
// Odd values

const LONE_SURROGATES = ['\uD800', 'a\uDFFFb', '\uDBFF\uDBFF', 'x\uD83D'];
const UNICODE = [
  'e\u0301\u0301\u0301',
  '\u202Eevil\u202C',
  '\uFEFFbom',
  'zero\u200Bwidth',
  '👩‍👩‍👧‍👦',
  '\uFFFF\uFFFE',
  'ﷺ',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'İıſ',
  '\u0085\u2028\u2029',
];
const ODD_DATES = [
  '-100000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01',
  '9999-12-31T23:59:59.999Z',
  '10000-01-01',
  '2024-02-30',
  '2024-13-01T00:00:00Z',
  '2024-01-01T25:61:61Z',
  '1969-12-31T23:59:59.999Z',
  '4714-11-24 BC',
  'infinity',
  '-infinity',
];
const NUMERIC_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0',
  '-0',
  '1.5',
  '0x10',
  ' 1',
  '9'.repeat(40),
  '2147483648',
  '9223372036854775808',
];
const ODD_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  1e-300,
  2 ** 31,
  2 ** 53 + 2,
  2 ** 63,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  61,
  1001,
];
const PLAIN_ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '%',
  '\\',
  "' or 1=1 --",
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  '__proto__',
  'null',
  'true',
  '{}',
  '[]',
];

/** Long runs; 39,000 CJK characters make a post just under the body limit, ~117 KB of UTF-8. */
const repeated = fc
  .tuple(
    fc.constantFrom('x', '漢', '\u0000', 'é', '😀'),
    fc.constantFrom(201, 2_001, 39_000, 40_001, 200_000),
  )
  .map(([unit, count]) => unit.repeat(count));

/** An odd string: NUL bytes, lone surrogates, unicode oddities, huge, numeric- and date-like. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PLAIN_ODD_STRINGS, ...LONE_SURROGATES, ...UNICODE),
  fc.constantFrom(...ODD_DATES, ...NUMERIC_STRINGS),
  repeated,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
);

const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...ODD_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value of the wrong kind for most fields. */
const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  oddNumber,
  fc.constantFrom(null, true, false, [], {}, [null], { $gt: '' }),
  fc.jsonValue({ maxDepth: 3 }),
);

const oddIsoDate = fc
  .date({ noInvalidDate: true })
  .map((d) => d.toISOString())
  .filter((s) => s.startsWith('+') || s.startsWith('-'));

/** base64url of a JSON array: the shape of the feed's and learning's cursors, with odd values. */
function craftedCursor(world: FuzzWorld): fc.Arbitrary<string> {
  const sort = fc.constantFrom('new', 'top', 'unanswered', 'bookmarks', 'members', 'x', 0, null);
  const key = fc.oneof(
    fc.constantFrom<unknown>(...ODD_DATES, ...ODD_NUMBERS, null, true, {}, [], 'NaN'),
    oddIsoDate,
    fc.double(),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  );
  const id = fc.oneof(
    fc.uuid(),
    fc.constantFrom<unknown>(
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      null,
      1,
      'x',
      ...world.ids.post.keep,
    ),
  );
  const array = fc.oneof(
    fc.tuple(sort, key, id),
    fc.tuple(key, id),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  );
  return array.map((value) => Buffer.from(JSON.stringify(value)).toString('base64url'));
}

const cursorOrOdd = (world: FuzzWorld) =>
  fc.oneof(
    { weight: 3, arbitrary: craftedCursor(world) },
    { weight: 1, arbitrary: oddString },
    { weight: 1, arbitrary: fc.uuid() },
  );

// ---------------------------------------------------------------------------------------------
// Valid values from a schema

const PATH_ID_KINDS: Record<string, IdKind> = {
  channels: 'channel',
  posts: 'post',
  answers: 'answer',
  goals: 'goal',
  evidence: 'evidence',
  log: 'log',
  challenges: 'challenge',
  users: 'user',
  tokens: 'token',
  campaigns: 'post',
};
const NAME_ID_KINDS: Record<string, IdKind> = {
  channelId: 'channel',
  postId: 'post',
  answerId: 'answer',
  goalId: 'goal',
  evidenceId: 'evidence',
  userId: 'user',
  ids: 'notification',
  of: 'post',
};

interface Context {
  world: FuzzWorld;
  route: FuzzRoute;
  /** The field's name (or the path segment before `{id}`). */
  name: string;
}

function idKindOf(context: Context): IdKind | undefined {
  if (context.name === 'id') {
    const segments = context.route.path.split('/');
    const at = segments.indexOf('{id}');
    return PATH_ID_KINDS[segments[at - 1] ?? ''];
  }
  return NAME_ID_KINDS[context.name];
}

function uuidFor(context: Context): fc.Arbitrary<string> {
  const kind = idKindOf(context);
  if (!kind) return fc.uuid();
  const pool = context.world.ids[kind];
  const known = context.route.method === 'DELETE' ? pool.spare : [...pool.keep, ...pool.spare];
  if (known.length === 0) return fc.uuid();
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.uuid());
}

function stringFor(schema: JsonSchema, context: Context): fc.Arbitrary<string> {
  const { world, name } = context;
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  switch (schema.format ?? '') {
    case 'uuid':
      return uuidFor(context);
    case 'email':
      return fc.emailAddress();
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'uri':
      return fc.webUrl({ validSchemes: ['https', 'http'] }).filter((u) => u.length <= 2000);
    default:
      break;
  }
  if (name === 'handle') return fc.constantFrom(...world.handles);
  if (name === 'tag' || name === 'tags') return fc.constantFrom(...world.tags);
  if (name === 'cursor') return craftedCursor(world);
  if (name === 'timeZone')
    return fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata');
  if (name === 'target')
    return fc.constantFrom(
      ...world.ids.channel.keep,
      ...world.handles,
      ...world.tags,
      world.member.userId,
    );
  if (schema.pattern) {
    // Word-ish searches find the seeded posts; other patterns are generated from the pattern.
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => fits(s, schema));
  }
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 200, 200);
  const words = ['q', 'topic', 'title', 'name', 'body'].includes(name)
    ? [fc.constantFrom(...world.words)]
    : [];
  return fc
    .oneof(
      ...words,
      fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, 1) }),
      fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.max(max, 1) }),
    )
    .filter((s) => fits(s, schema));
}

function fits(s: string, schema: JsonSchema): boolean {
  return s.length >= (schema.minLength ?? 0) && s.length <= (schema.maxLength ?? Infinity);
}

/** A value that the schema accepts (as far as a generator can tell). */
export function validValue(schema: JsonSchema, context: Context): fc.Arbitrary<unknown> {
  const base = validBase(schema, context);
  return schema.nullable ? fc.oneof(fc.constant(null), base) : base;
}

function validBase(schema: JsonSchema, context: Context): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => validValue(s, context)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type ?? '') {
    case 'string':
      return stringFor(schema, context);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1000,
        max: schema.maximum ?? 1000,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = validValue(schema.items ?? {}, context);
      const constraints = { minLength: schema.minItems ?? 0, maxLength: schema.maxItems ?? 5 };
      return schema.uniqueItems
        ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(items, constraints);
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, s]) => [name, validValue(s, { ...context, name })]),
      );
      const record = fc.record(model, { requiredKeys: schema.required ?? [] });
      const min = schema.minProperties ?? 0;
      return min > 0 ? record.filter((r) => Object.keys(r).length >= min) : record;
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** The wrong JSON type for a schema. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  switch (schema.type ?? '') {
    case 'string':
      return fc.oneof(oddNumber, fc.constantFrom(null, true, [], {}, ['a']));
    case 'integer':
    case 'number':
      return fc.oneof(fc.constantFrom(...NUMERIC_STRINGS), fc.constantFrom(null, true, [1], {}));
    case 'boolean':
      return fc.constantFrom('true', 1, 0, null, 'yes', []);
    case 'array':
      return fc.oneof(oddString, fc.constantFrom({}, null, 1, { 0: 'a', length: 1 }));
    case 'object':
      return fc.constantFrom([], 'x', 1, null, true, [{}]);
    default:
      return oddJson;
  }
}

// ---------------------------------------------------------------------------------------------
// Requests

type Slot =
  | { in: 'path' | 'query'; name: string; schema: JsonSchema }
  | { in: 'body'; path: string[]; schema: JsonSchema };

function bodySlots(schema: JsonSchema | undefined, path: string[] = []): Slot[] {
  if (!schema) return [];
  const variant = schema.anyOf?.find((s) => s.type === 'object') ?? schema;
  const slots: Slot[] = [];
  for (const [name, s] of Object.entries(variant.properties ?? {})) {
    slots.push({ in: 'body', path: [...path, name], schema: s });
    if (s.type === 'object' && path.length === 0) slots.push(...bodySlots(s, [name]));
  }
  return slots;
}

function slotsOf(route: FuzzRoute): Slot[] {
  return [
    ...route.pathParams.map((p): Slot => ({ in: 'path', name: p.name, schema: p.schema })),
    ...route.query.map((p): Slot => ({ in: 'query', name: p.name, schema: p.schema })),
    ...bodySlots(route.body),
  ];
}

/** Percent-encodes what can be encoded; a lone surrogate becomes invalid UTF-8 on the wire. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value
      .split('')
      .map((c) => {
        try {
          return encodeURIComponent(c);
        } catch {
          return '%ED%A0%80';
        }
      })
      .join('');
  }
}

function setIn(target: unknown, path: string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  // defineProperty, so that `__proto__` becomes a plain key (sent as JSON) like any other.
  Object.defineProperty(copy, head, {
    value: setIn(copy[head], rest, value),
    enumerable: true,
    configurable: true,
    writable: true,
  });
  return copy;
}

function deleteIn(target: unknown, path: string[]): unknown {
  if (typeof target !== 'object' || target === null || path.length === 0) return target;
  const copy = { ...(target as Record<string, unknown>) };
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) delete copy[head];
  else copy[head] = deleteIn(copy[head], rest);
  return copy;
}

const RAW_BODIES: { payload: string | Buffer; contentType: string }[] = [
  { payload: '', contentType: 'application/json' },
  { payload: '{', contentType: 'application/json' },
  { payload: '{"a":NaN}', contentType: 'application/json' },
  { payload: '{"value":1e999}', contentType: 'application/json' },
  { payload: '{"__proto__":{"isAdmin":true}}', contentType: 'application/json' },
  { payload: '{"constructor":{"prototype":{"x":1}}}', contentType: 'application/json' },
  { payload: '[]', contentType: 'application/json' },
  { payload: 'null', contentType: 'application/json' },
  { payload: '"\\u0000"', contentType: 'application/json' },
  { payload: `${'['.repeat(5_000)}${']'.repeat(5_000)}`, contentType: 'application/json' },
  {
    payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
    contentType: 'application/json',
  },
  { payload: 'title=x&body=y', contentType: 'application/x-www-form-urlencoded' },
  { payload: 'plain text', contentType: 'text/plain' },
  { payload: '{"title":"x"}', contentType: 'application/json; charset=latin1' },
  { payload: '<a/>', contentType: 'application/xml' },
];

type Mutation =
  | { kind: 'valid' }
  | { kind: 'odd-field'; pick: number; value: unknown; cursor: string }
  | { kind: 'wrong-type'; pick: number; seed: unknown }
  | { kind: 'drop-field'; pick: number }
  | { kind: 'extra-field'; name: string; value: unknown }
  | { kind: 'wrong-body'; value: unknown }
  | { kind: 'raw-body'; index: number }
  | { kind: 'duplicate-query'; pick: number }
  | { kind: 'wrong-method'; method: string };

function mutationArb(world: FuzzWorld): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Mutation>({ kind: 'valid' }) },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('odd-field' as const),
        pick: fc.nat(),
        value: oddJson,
        cursor: cursorOrOdd(world),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('wrong-type' as const),
        pick: fc.nat(),
        seed: fc.constant(null),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('drop-field' as const), pick: fc.nat() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extra-field' as const),
        name: fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'authorId', 'roles', ''),
        value: oddJson,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('wrong-body' as const), value: oddJson }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('raw-body' as const),
        index: fc.nat({ max: RAW_BODIES.length - 1 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('duplicate-query' as const), pick: fc.nat() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('wrong-method' as const),
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      }),
    },
  );
}

const actorArb: fc.Arbitrary<Actor> = fc.constantFrom<Actor>(
  'member',
  'member',
  'member',
  'admin',
  'admin',
  'token',
  'no-csrf',
  'anonymous',
);

function describeValue(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 40)}…<${v.length} chars>` : v,
  );
}

/** Builds one request from its valid parts and a mutation. */
function build(
  route: FuzzRoute,
  parts: {
    path: Record<string, unknown>;
    query: Record<string, unknown>;
    body: unknown;
    mutation: Mutation;
    as: Actor;
    wrong: unknown;
  },
): FuzzRequest {
  const { mutation } = parts;
  const path = { ...parts.path } as Record<string, string>;
  const query: Record<string, unknown> = { ...parts.query };
  let body = parts.body;
  let raw: FuzzRequest['raw'];
  let method = route.method;
  let label = mutation.kind as string;
  const duplicate: string[] = [];
  const slots = slotsOf(route);

  const apply = (slot: Slot, value: unknown, drop = false) => {
    if (slot.in === 'body') {
      body = drop ? deleteIn(body, slot.path) : setIn(body, slot.path, value);
      label += ` body.${slot.path.join('.')}`;
    } else if (slot.in === 'query') {
      if (drop) delete query[slot.name];
      else query[slot.name] = value;
      label += ` query.${slot.name}`;
    } else {
      path[slot.name] = drop ? '' : String(value);
      label += ` path.${slot.name}`;
    }
  };
  const slot = (pick: number) => (slots.length ? slots[pick % slots.length] : undefined);

  switch (mutation.kind) {
    case 'valid':
      break;
    case 'odd-field': {
      const target = slot(mutation.pick);
      if (!target) break;
      const isCursor = target.in !== 'body' && target.name === 'cursor';
      const value = isCursor ? mutation.cursor : mutation.value;
      apply(target, target.in === 'body' ? value : inUrl(stringOf(value)));
      break;
    }
    case 'wrong-type': {
      const target = slot(mutation.pick);
      if (target) apply(target, target.in === 'body' ? parts.wrong : inUrl(stringOf(parts.wrong)));
      break;
    }
    case 'drop-field': {
      const target = slot(mutation.pick);
      if (target) apply(target, undefined, true);
      break;
    }
    case 'extra-field':
      if (route.body) body = setIn(body, [mutation.name], mutation.value);
      else query[mutation.name || 'extra'] = inUrl(stringOf(mutation.value));
      label += ` ${JSON.stringify(mutation.name)}`;
      break;
    case 'wrong-body':
      body = mutation.value;
      break;
    case 'raw-body':
      raw = RAW_BODIES[mutation.index];
      body = undefined;
      label += ` #${mutation.index}`;
      break;
    case 'duplicate-query': {
      const target = route.query.length
        ? route.query[mutation.pick % route.query.length]
        : undefined;
      if (target) duplicate.push(target.name);
      label += ` ${target?.name ?? '-'}`;
      break;
    }
    case 'wrong-method':
      method = mutation.method;
      label += ` ${method}`;
      break;
    default: {
      const unknownMutation: never = mutation;
      throw new Error(`unknown mutation ${JSON.stringify(unknownMutation)}`);
    }
  }

  const url =
    route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encode(path[name] ?? '')) +
    queryString(query, duplicate);
  return {
    route: `${route.method} ${route.path}`,
    method,
    url,
    as: parts.as,
    mutation: label,
    ...(body === undefined || raw ? {} : { body }),
    ...(raw ? { raw } : {}),
  };
}

/**
 * Odd values in a URL stay under about 30 KB once encoded: past Node's 16 KB header limit (a 400
 * without reading further), yet small enough that a client finishes writing before the server
 * closes the socket (a larger one ends in a reset on the client's side, not in an answer).
 */
function inUrl(value: string): string {
  return value.length > 3_000 ? value.slice(0, 3_000) : value;
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function queryString(query: Record<string, unknown>, duplicate: string[]): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = encode(stringOf(value));
    pairs.push(`${encode(name)}=${text}`);
    if (duplicate.includes(name)) pairs.push(`${encode(name)}=${text}`);
  }
  for (const name of duplicate)
    if (query[name] === undefined) pairs.push(`${encode(name)}=a`, `${encode(name)}=b`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** Requests for one route: valid parts from its schemas, then one mutation (or none). */
function requestsFor(route: FuzzRoute, world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const context = (name: string): Context => ({ world, route, name });
  const path = fc.record(
    Object.fromEntries(
      route.pathParams.map((p) => [p.name, validValue(p.schema, context(p.name))]),
    ),
  );
  const query = fc.record(
    Object.fromEntries(route.query.map((p) => [p.name, validValue(p.schema, context(p.name))])),
    { requiredKeys: route.query.filter((p) => p.required).map((p) => p.name) },
  );
  const body = route.body ? validValue(route.body, context('body')) : fc.constant(undefined);
  return fc
    .record({ path, query, body, mutation: mutationArb(world), as: actorArb })
    .chain((parts) => {
      const slots = slotsOf(route);
      const target =
        parts.mutation.kind === 'wrong-type' && slots.length
          ? slots[parts.mutation.pick % slots.length]
          : undefined;
      return (target ? wrongType(target.schema) : fc.constant(null)).map((wrong) =>
        build(route, { ...parts, wrong }),
      );
    });
}

/** Requests over every route, each route equally likely. */
export function fuzzRequests(routes: FuzzRoute[], world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...routes.map((route) => requestsFor(route, world)));
}

/** The request on the wire, with the actor's credentials. */
export function toWire(request: FuzzRequest, world: FuzzWorld): WireRequest {
  const headers: Record<string, string> = {};
  switch (request.as) {
    case 'member':
    case 'admin': {
      const who = world[request.as];
      headers.cookie = who.cookie;
      headers['x-csrf-token'] = who.csrfToken;
      break;
    }
    case 'no-csrf':
      headers.cookie = world.member.cookie;
      break;
    case 'token':
      headers.authorization = `Bearer ${world.token}`;
      break;
    case 'anonymous':
      break;
    default: {
      const unknownActor: never = request.as;
      throw new Error(`unknown actor ${String(unknownActor)}`);
    }
  }
  if (request.raw) {
    headers['content-type'] = request.raw.contentType;
    return { method: request.method, url: request.url, headers, payload: request.raw.payload };
  }
  if (request.body === undefined) return { method: request.method, url: request.url, headers };
  headers['content-type'] = 'application/json';
  return {
    method: request.method,
    url: request.url,
    headers,
    payload: JSON.stringify(request.body),
  };
}

/** How to reproduce a request (very long strings shortened as `…<n chars>`). */
export function describeRequest(request: FuzzRequest): string {
  const body = request.raw
    ? ` raw ${request.raw.contentType}: ${describeValue(
        Buffer.isBuffer(request.raw.payload)
          ? `hex:${request.raw.payload.toString('hex')}`
          : request.raw.payload,
      )}`
    : request.body === undefined
      ? ''
      : ` body: ${describeValue(request.body)}`;
  const url =
    request.url.length > 400
      ? `${request.url.slice(0, 200)}…<${request.url.length} chars>`
      : request.url;
  return `${request.method} ${url} as ${request.as} [${request.mutation}]${body}`;
}

// ---------------------------------------------------------------------------------------------
// What every response must satisfy

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const STACK_LINE = /(\n|\\n)\s{2,}at\s/;
const SOURCE_PATH = /(?:\/[\w.@-]+){2,}\.(?:ts|js|mjs|cjs)(?::\d+)?/;

/** Why a response breaks the contract, or undefined when it does not. */
export function problemOf(response: WireResponse): string | undefined {
  if (response.status >= 500) return `status ${response.status}`;
  if (STACK_LINE.test(response.body)) return 'a stack trace in the body';
  if (SOURCE_PATH.test(response.body) || response.body.includes('node_modules'))
    return 'a source file path in the body';
  if (response.status < 400) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return `a ${response.status} body that is not JSON`;
  }
  const error = (parsed as { error?: unknown } | null)?.error as
    { code?: unknown; message?: unknown } | undefined;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Object.keys(parsed).join() !== 'error' ||
    typeof error !== 'object' ||
    error === null
  )
    return `a ${response.status} body not in the error format`;
  if (typeof error.code !== 'string' || !SNAKE_CASE.test(error.code))
    return `a ${response.status} error code that is not snake_case`;
  if (typeof error.message !== 'string' || !error.message)
    return `a ${response.status} error without a message`;
  const extra = Object.keys(error).filter((k) => !['code', 'message', 'details'].includes(k));
  if (extra.length) return `a ${response.status} error with extra fields ${extra.join(', ')}`;
  return undefined;
}

export interface FuzzFailure {
  request: string;
  status: number;
  problem: string;
  body: string;
}

export interface FuzzRun {
  sent: number;
  byStatus: Map<number, number>;
  failures: number;
  /** The first failure of each route, problem and status. */
  distinct: Map<string, FuzzFailure>;
  /** The slowest requests, slowest first. */
  slowest: { ms: number; request: string; status: number }[];
}

/**
 * Sends `count` generated requests (`concurrency` at a time), `batch` at a time from the seed
 * (`seed`, `seed + 1`, …), and checks every response.
 */
export async function runFuzz(options: {
  send: Send;
  routes: FuzzRoute[];
  world: FuzzWorld;
  seed: number;
  count: number;
  concurrency?: number;
  batch?: number;
  onProgress?: (run: FuzzRun) => void;
}): Promise<FuzzRun> {
  const { send, world, count } = options;
  const arbitrary = fuzzRequests(options.routes, world);
  const run: FuzzRun = {
    sent: 0,
    byStatus: new Map(),
    failures: 0,
    distinct: new Map(),
    slowest: [],
  };
  const batchSize = options.batch ?? 1_000;
  for (let start = 0, index = 0; start < count; start += batchSize, index += 1) {
    const requests = fc.sample(arbitrary, {
      seed: options.seed + index,
      numRuns: Math.min(batchSize, count - start),
    });
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const started = performance.now();
        const response = await send(toWire(request, world));
        const ms = performance.now() - started;
        if (run.slowest.length < 10 || ms > run.slowest.at(-1)!.ms) {
          run.slowest.push({ ms, request: describeRequest(request), status: response.status });
          run.slowest.sort((a, b) => b.ms - a.ms).splice(10);
        }
        run.sent += 1;
        run.byStatus.set(response.status, (run.byStatus.get(response.status) ?? 0) + 1);
        const problem = problemOf(response);
        if (problem === undefined) continue;
        run.failures += 1;
        const key = `${request.route} → ${problem}`;
        if (!run.distinct.has(key))
          run.distinct.set(key, {
            request: describeRequest(request),
            status: response.status,
            problem,
            body: response.body.length > 300 ? `${response.body.slice(0, 300)}…` : response.body,
          });
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    options.onProgress?.(run);
  }
  return run;
}

/** A readable list of failures (one per route and problem). */
export function formatFailures(run: FuzzRun, max = 40): string {
  return [...run.distinct.entries()]
    .slice(0, max)
    .map(([key, f]) => `- ${key}\n    ${f.request}\n    → ${f.status} ${f.body}`)
    .join('\n');
}
