import type { Upload, UploadResponse } from '@outloud/contracts';
import { ApiError, refreshCsrfToken } from './api';
import { readCsrfToken } from './csrf';
import { apiErrorFrom } from './form-request';

/** What the gateway takes (UploadLimits in the contracts), checked here before sending. */
export const IMAGE_BYTES_MAX = 10 * 1024 * 1024;
export const FILE_BYTES_MAX = 25 * 1024 * 1024;
/** For the file picker; the gateway decides by content whatever is picked. */
export const ATTACH_ACCEPT =
  'image/png,image/jpeg,image/webp,image/gif,.pdf,.docx,.xlsx,.pptx,.txt,.md,.markdown,.csv';

export interface UploadOptions {
  /** Called with the fraction sent so far (0–1). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** A file the gateway would refuse for its size, said before any byte is sent. */
export function tooLargeToSend(file: { size: number; type: string }): boolean {
  return file.size > (file.type.startsWith('image/') ? IMAGE_BYTES_MAX : FILE_BYTES_MAX);
}

function errorOf(xhr: XMLHttpRequest): ApiError {
  let body: unknown = null;
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // Not JSON: the status alone names the error.
  }
  return apiErrorFrom(xhr.status, body);
}

/** One multipart `POST /uploads` over XMLHttpRequest, which (unlike fetch) reports upload progress. */
function send(file: File, options: UploadOptions): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/uploads');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    const csrfToken = readCsrfToken();
    if (csrfToken !== null) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () =>
      reject(new ApiError(0, 'network_error', 'Could not reach Outloud. Check your connection.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads an image or file for a post or answer; retries once when the CSRF token was stale.
 * Throws an `ApiError` (413 `payload_too_large`, 415 `unsupported_media_type`, …).
 */
export async function uploadFile(file: File, options: UploadOptions = {}): Promise<Upload> {
  if (tooLargeToSend(file)) {
    throw new ApiError(413, 'payload_too_large', 'The file is too large.');
  }
  let xhr = await send(file, options);
  if (xhr.status === 403) {
    const error = errorOf(xhr);
    if (error.code !== 'csrf_failed' || !(await refreshCsrfToken())) throw error;
    xhr = await send(file, options);
  }
  if (xhr.status !== 201) throw errorOf(xhr);
  return (JSON.parse(xhr.responseText) as UploadResponse).upload;
}
