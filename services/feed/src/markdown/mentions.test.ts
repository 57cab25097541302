import { describe, expect, it } from 'vitest';
import { extractMentions } from './mentions.js';

describe('extractMentions', () => {
  it('finds handles once each, lowercased, in order', () => {
    expect(extractMentions('Thanks @Ada and @bob_smith! cc @ada')).toEqual(['ada', 'bob_smith']);
  });

  it('ignores e-mail addresses, code and too-short handles', () => {
    expect(
      extractMentions('mail ada@example.com, `@inline`, @ab\n```\n@fenced\n```\n(@carol)'),
    ).toEqual(['carol']);
  });

  it('caps the number of mentions', () => {
    const many = Array.from({ length: 30 }, (_, i) => `@user${i}`).join(' ');
    expect(extractMentions(many)).toHaveLength(20);
  });
});
