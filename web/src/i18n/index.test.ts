import { afterEach, describe, expect, it } from 'vitest';
import { currentLocale, setLocale, translate } from './index';

describe('translate', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('speaks English before the app starts, and German once chosen', async () => {
    expect(translate('common.save')).toBe('Save');
    await setLocale('de');
    expect(currentLocale()).toBe('de');
    expect(translate('common.save')).toBe('Speichern');
  });
});
