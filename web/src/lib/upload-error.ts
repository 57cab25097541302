import { translate } from '../i18n';
import { ApiError, errorMessage } from './api';

/**
 * The sentence shown when attaching `name` failed, in the app's language: size and type get
 * their own advice; any other reason is the API error's sentence (never the server's English).
 */
export function uploadErrorText(error: unknown, name: string): string {
  if (error instanceof ApiError) {
    if (error.code === 'payload_too_large') return translate('uploads.errors.tooLarge', { name });
    if (error.code === 'unsupported_media_type')
      return translate('uploads.errors.unsupported', { name });
    if (error.code === 'network_error') return translate('common.offline');
  }
  return translate('uploads.errors.failed', { name, reason: errorMessage(error) });
}
