import { RpcError } from '@outloud/bus';
import { describe, expect, it } from 'vitest';
import { toApiError } from '../src/core/error-handler.js';

describe('toApiError for a service limit', () => {
  it('answers 429 with a Retry-After figure even when the service gave none', () => {
    expect(toApiError(new RpcError('rate_limited', 'Too many channels today.'))).toEqual({
      status: 429,
      code: 'rate_limited',
      message: 'Too many channels today.',
      retryAfterSeconds: 60,
    });
  });
});
