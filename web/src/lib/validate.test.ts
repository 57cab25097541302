import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { replacePlaceholder, uploadPlaceholder } from './upload-markdown';
import {
  hasErrors,
  validateAnswer,
  validateChannel,
  validatePost,
  validateSignIn,
  validateSignUp,
} from './validate';

const goodSignUp = {
  email: 'ada@example.com',
  password: 'correct horse',
  displayName: 'Ada Lovelace',
  handle: 'ada_l',
};

describe('validateSignUp', () => {
  it('accepts valid input', () => {
    expect(validateSignUp(goodSignUp)).toEqual({});
  });

  it('rejects a password under 10 characters', () => {
    expect(validateSignUp({ ...goodSignUp, password: '123456789' }).password).toMatch(/10/);
  });

  it('rejects an email without a domain', () => {
    expect(validateSignUp({ ...goodSignUp, email: 'ada@' }).email).toBeDefined();
  });

  it('rejects handles that are too short, too long or not lowercase', () => {
    for (const handle of ['ab', 'a'.repeat(31), 'Ada', 'ada-l', 'ada l']) {
      expect(validateSignUp({ ...goodSignUp, handle }).handle, handle).toBeDefined();
    }
  });

  it('rejects a blank display name', () => {
    expect(validateSignUp({ ...goodSignUp, displayName: '   ' }).displayName).toBeDefined();
  });
});

describe('validateSignIn', () => {
  it('requires both fields', () => {
    expect(Object.keys(validateSignIn({ email: '', password: '' })).sort()).toEqual([
      'email',
      'password',
    ]);
  });
});

describe('validatePost', () => {
  const good = { title: 'Use EXPLAIN ANALYZE', body: 'It shows real timings.', tags: 'sql' };

  it('accepts valid input', () => {
    expect(hasErrors(validatePost(good))).toBe(false);
  });

  it('accepts a 200-character title and rejects 201', () => {
    expect(validatePost({ ...good, title: 'x'.repeat(200) }).title).toBeUndefined();
    expect(validatePost({ ...good, title: 'x'.repeat(201) }).title).toMatch(/200/);
  });

  it('counts characters, not UTF-16 units, like the API', () => {
    expect(validatePost({ ...good, title: '😀'.repeat(200) }).title).toBeUndefined();
  });

  it('rejects a body over 40,000 characters', () => {
    expect(validatePost({ ...good, body: 'x'.repeat(40_001) }).body).toMatch(/40,000/);
  });

  it('requires a title and a body', () => {
    const errors = validatePost({ title: ' ', body: '\n', tags: '' });
    expect(errors.title).toBeDefined();
    expect(errors.body).toBeDefined();
  });

  it('reports invalid tags', () => {
    expect(validatePost({ ...good, tags: 'c++' }).tags).toMatch(/Not a valid tag/);
  });

  it('holds back a body whose upload has not finished, and takes it once the file is in', () => {
    const pending = `See the chart:\n${uploadPlaceholder('Uploading chart.png…', 0)}`;
    expect(validatePost({ ...good, body: pending }).body).toMatch(/finished uploading/);
    const done = replacePlaceholder(
      pending,
      uploadPlaceholder('Uploading chart.png…', 0),
      '![chart](/api/v1/uploads/1)',
    );
    expect(validatePost({ ...good, body: done }).body).toBeUndefined();
  });
});

describe('validateChannel', () => {
  const good = { slug: 'sql-tips', name: 'SQL tips', description: '' };

  it('accepts valid input', () => {
    expect(validateChannel(good, true)).toEqual({});
  });

  it('rejects a bad slug when creating, and ignores the slug when editing', () => {
    expect(validateChannel({ ...good, slug: 'SQL' }, true).slug).toMatch(/lowercase/);
    expect(validateChannel({ ...good, slug: '' }, false)).toEqual({});
  });

  it('requires a name of at most 80 characters', () => {
    expect(validateChannel({ ...good, name: '  ' }, true).name).toBeDefined();
    expect(validateChannel({ ...good, name: 'x'.repeat(81) }, true).name).toMatch(/80/);
  });

  it('limits the description to 500 characters', () => {
    expect(validateChannel({ ...good, description: 'x'.repeat(501) }, true).description).toMatch(
      /500/,
    );
  });
});

describe('validateAnswer', () => {
  it('requires some text within the body limit', () => {
    expect(validateAnswer('Use an index.')).toBeNull();
    expect(validateAnswer(' \n')).toBeDefined();
    expect(validateAnswer('x'.repeat(40_001))).toMatch(/40,000/);
  });

  it('holds back an answer whose upload has not finished', () => {
    expect(validateAnswer(uploadPlaceholder('Uploading log.txt…', 3))).toMatch(
      /finished uploading/,
    );
  });
});

describe('validation messages', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('speak the app language, numbers formatted the local way', async () => {
    await setLocale('de');
    expect(validateSignIn({ email: '', password: 'x' }).email).toBe(
      'Gib deine E-Mail-Adresse ein.',
    );
    expect(validateAnswer('x'.repeat(40_001))).toBe('Halte es bei höchstens 40.000 Zeichen.');
  });
});
