import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, translate } from '../i18n';
import { aroundSlot, slot } from './message-parts';

describe('aroundSlot', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('splits a translated sentence where its emphasised value goes, in each language', async () => {
    expect(aroundSlot(translate('auth.invite.invitedAs', { email: slot }))).toEqual({
      before: 'You were invited as ',
      after: '.',
    });
    await setLocale('de');
    expect(aroundSlot(translate('auth.invite.invitedAs', { email: slot }))).toEqual({
      before: 'Du wurdest als ',
      after: ' eingeladen.',
    });
  });

  it('keeps a message without the slot whole', () => {
    expect(aroundSlot('No value here.')).toEqual({ before: 'No value here.', after: '' });
  });
});
