import { ApiError, refreshCsrfToken } from './api';
import { readCsrfToken } from './csrf';

interface ErrorReply {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/** The `ApiError` an error reply stands for, from its status and parsed body (null if none). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as ErrorReply | null)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  return new ApiError(status, `http_${status}`, `The server answered ${status}.`);
}

async function errorOf(response: Response): Promise<ApiError> {
  return apiErrorFrom(response.status, await response.json().catch(() => null));
}

/**
 * Sends a multipart form to the API (the JSON `request` cannot send files) and returns its JSON
 * reply; `build` makes the form anew for the one retry after a stale CSRF token.
 */
export async function sendForm<T>(
  method: 'POST' | 'PUT',
  path: string,
  build: () => FormData,
): Promise<T> {
  const send = async () => {
    const csrfToken = readCsrfToken();
    try {
      return await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          ...(csrfToken === null ? {} : { 'X-CSRF-Token': csrfToken }),
        },
        body: build(),
      });
    } catch (cause) {
      throw new ApiError(0, 'network_error', 'Could not reach Outloud. Check your connection.', {
        cause,
      });
    }
  };
  let response = await send();
  if (response.status === 403) {
    const error = await errorOf(response);
    if (error.code !== 'csrf_failed' || !(await refreshCsrfToken())) throw error;
    response = await send();
  }
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}
