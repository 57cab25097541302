import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, translate } from '../i18n';
import { ApiError } from './api';
import { uploadErrorText } from './upload-error';

describe('uploadErrorText', () => {
  afterEach(async () => {
    await setLocale('en');
  });

  it('advises on size and type, and names the file', () => {
    const tooLarge = new ApiError(413, 'payload_too_large', 'The file is too large.');
    expect(uploadErrorText(tooLarge, 'big.png')).toBe(
      translate('uploads.errors.tooLarge', { name: 'big.png' }),
    );
    const unsupported = new ApiError(415, 'unsupported_media_type', 'Unsupported.');
    expect(uploadErrorText(unsupported, 'a.exe')).toContain('a.exe');
    expect(uploadErrorText(unsupported, 'a.exe')).not.toContain('Unsupported.');
  });

  it('gives other reasons in the app language, not the server sentence', async () => {
    await setLocale('de');
    const limited = new ApiError(429, 'rate_limited', 'Too many requests.', undefined, 30);
    const text = uploadErrorText(limited, 'chart.png');
    expect(text).toContain('chart.png');
    expect(text).toContain('konnte nicht hochgeladen werden');
    expect(text).not.toContain('Too many requests');
    const gateway = new ApiError(502, 'http_502', 'The server answered 502.');
    expect(uploadErrorText(gateway, 'chart.png')).not.toContain('The server answered');
  });

  it('says the connection is gone when the upload never reached the server', () => {
    const offline = new ApiError(0, 'network_error', 'Could not reach Outloud.');
    expect(uploadErrorText(offline, 'x.pdf')).toBe(translate('common.offline'));
  });

  it('falls back to the general error for anything else thrown', () => {
    expect(uploadErrorText(new Error('boom'), 'x.pdf')).toBe(
      translate('uploads.errors.failed', {
        name: 'x.pdf',
        reason: translate('common.unexpectedError'),
      }),
    );
  });
});
