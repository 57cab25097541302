import { describe, expect, it } from 'vitest';
import { chooseRecipients } from './recipients.js';

const everyone = { canSee: () => true, muted: () => false };

describe('chooseRecipients', () => {
  it('collapses several reasons into one notification of the most specific kind', () => {
    const chosen = chooseRecipients(
      [
        { userId: 'asker', type: 'answer' },
        { userId: 'asker', type: 'reply' },
        { userId: 'earlier', type: 'reply' },
        { userId: 'earlier', type: 'mention' },
        { userId: 'fan', type: 'followed_post' },
      ],
      { actorId: null, ...everyone },
    );
    expect(chosen).toEqual([
      { userId: 'asker', type: 'answer' },
      { userId: 'earlier', type: 'mention' },
      { userId: 'fan', type: 'followed_post' },
    ]);
  });

  it('never tells people about their own actions', () => {
    const chosen = chooseRecipients(
      [
        { userId: 'me', type: 'mention' },
        { userId: 'you', type: 'mention' },
      ],
      { actorId: 'me', ...everyone },
    );
    expect(chosen.map((c) => c.userId)).toEqual(['you']);
  });

  it('leaves out people who cannot see the content or muted that kind', () => {
    const chosen = chooseRecipients(
      [
        { userId: 'outsider', type: 'mention' },
        { userId: 'quiet', type: 'followed_post' },
        { userId: 'member', type: 'announcement' },
      ],
      {
        actorId: null,
        canSee: (id) => id !== 'outsider',
        muted: (id, type) => id === 'quiet' && type === 'followed_post',
      },
    );
    expect(chosen).toEqual([{ userId: 'member', type: 'announcement' }]);
  });

  it('checks mutes against the kind that won, not the ones it beat', () => {
    const chosen = chooseRecipients(
      [
        { userId: 'a', type: 'followed_post' },
        { userId: 'a', type: 'mention' },
      ],
      { actorId: null, canSee: () => true, muted: (_, type) => type === 'followed_post' },
    );
    expect(chosen).toEqual([{ userId: 'a', type: 'mention' }]);
  });

  it('falls back to the next reason when the most specific one is muted', () => {
    const chosen = chooseRecipients(
      [
        { userId: 'asker', type: 'mention' },
        { userId: 'asker', type: 'answer' },
        { userId: 'quiet', type: 'mention' },
      ],
      { actorId: null, canSee: () => true, muted: (_, type) => type === 'mention' },
    );
    expect(chosen).toEqual([{ userId: 'asker', type: 'answer' }]);
  });
});
