import { describe, expect, it } from 'vitest';
import { clearDraft, draftKey, loadDraft, saveDraft, type DraftStorage } from './drafts';
import { completeMention, mentionAt } from './mentions';
import { acceptTag, countTags, suggestTags } from './tag-suggestions';
import { applyFormat } from './markdown-format';
import { validatePost } from './validate';

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

describe('the composer validation', () => {
  it('asks for a title and a body, in plain words', () => {
    expect(validatePost({ title: '  ', body: '', tags: '' })).toEqual({
      title: 'Give your post a title.',
      body: 'Write something in the body.',
    });
  });

  it('accepts a complete post', () => {
    expect(validatePost({ title: 'Use EXPLAIN', body: 'It shows the plan.', tags: 'sql' })).toEqual(
      {},
    );
  });

  it('names the limit when the title is too long', () => {
    expect(validatePost({ title: 'x'.repeat(201), body: 'b', tags: '' }).title).toBe(
      'Keep the title to 200 characters or fewer.',
    );
  });

  it('names the invalid tags and the tag limit', () => {
    expect(validatePost({ title: 't', body: 'b', tags: 'ok, Not_Valid!' }).tags).toMatch(
      /Not a valid tag: "not_valid!"/,
    );
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`).join(' ');
    expect(validatePost({ title: 't', body: 'b', tags: eleven }).tags).toBe(
      'Use at most 10 tags (you have 11).',
    );
  });
});

describe('mentionAt', () => {
  it('finds the handle being typed after an @', () => {
    expect(mentionAt('Thanks @ad', 10)).toEqual({ query: 'ad', start: 7 });
    expect(mentionAt('@', 1)).toEqual({ query: '', start: 0 });
  });

  it('ignores e-mail addresses and finished mentions', () => {
    expect(mentionAt('mail ada@example', 16)).toBeNull();
    expect(mentionAt('@ada done', 9)).toBeNull();
  });

  it('completes the mention and puts the caret after it', () => {
    const text = 'Ask @ad about it';
    const mention = mentionAt(text, 7)!;
    expect(completeMention(text, mention, 7, 'ada_l')).toEqual({
      text: 'Ask @ada_l about it',
      caret: 11,
    });
  });
});

describe('tag suggestions', () => {
  const known = countTags([{ tags: ['sql', 'onboarding'] }, { tags: ['sql', 'security'] }]);

  it('suggests existing tags that start with what is typed, most used first', () => {
    expect(suggestTags(known, 's')).toEqual(['sql', 'security']);
    expect(suggestTags(known, 'onboarding, se')).toEqual(['security']);
  });

  it('leaves out tags already entered', () => {
    expect(suggestTags(known, 'sql, ')).toEqual(['onboarding', 'security']);
  });

  it('replaces the typed fragment with the chosen tag', () => {
    expect(acceptTag('sql, onb', 'onboarding')).toBe('sql, onboarding, ');
  });
});

describe('drafts', () => {
  it('keeps a draft until it is cleared', () => {
    const storage = memoryStorage();
    const key = draftKey('u1', 'c1');
    const draft = { kind: 'question' as const, title: 'How?', body: 'Like this', tags: 'sql' };
    saveDraft(storage, key, draft);
    expect(loadDraft(storage, key)).toEqual(draft);
    clearDraft(storage, key);
    expect(loadDraft(storage, key)).toBeNull();
  });

  it('forgets an emptied draft and ignores unreadable ones', () => {
    const storage = memoryStorage();
    saveDraft(storage, 'k', { kind: 'tip', title: 'a', body: '', tags: '' });
    saveDraft(storage, 'k', { kind: 'tip', title: ' ', body: '', tags: '' });
    expect(storage.map.size).toBe(0);
    storage.setItem('k', '{not json');
    expect(loadDraft(storage, 'k')).toBeNull();
    storage.setItem('k', JSON.stringify({ kind: 'poem', title: '', body: '', tags: '' }));
    expect(loadDraft(storage, 'k')).toBeNull();
  });
});

describe('applyFormat', () => {
  it('wraps the selection in bold and keeps it selected', () => {
    expect(applyFormat({ text: 'a big deal', selectionStart: 2, selectionEnd: 5 }, 'bold')).toEqual(
      { text: 'a **big** deal', selectionStart: 4, selectionEnd: 7 },
    );
  });

  it('turns the selected lines into a list', () => {
    expect(applyFormat({ text: 'one\ntwo', selectionStart: 0, selectionEnd: 7 }, 'list').text).toBe(
      '- one\n- two',
    );
  });

  it('inserts a link with its address selected', () => {
    const edit = applyFormat({ text: 'see docs', selectionStart: 4, selectionEnd: 8 }, 'link');
    expect(edit.text).toBe('see [docs](https://)');
    expect(edit.text.slice(edit.selectionStart, edit.selectionEnd)).toBe('https://');
  });
});
