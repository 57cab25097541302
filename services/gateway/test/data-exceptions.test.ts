import { describe, expect, it } from 'vitest';
import { toApiError } from '../src/core/error-handler.js';

const pgError = (code: string) =>
  Object.assign(new Error(`postgres says ${code}`), { code, severity: 'ERROR' });

describe('toApiError', () => {
  it('answers a Postgres data exception (class 22) with 400 validation_failed', () => {
    for (const code of ['22P02', '22003', '22008', '22021', '22P05']) {
      expect(toApiError(pgError(code))).toEqual({
        status: 400,
        code: 'validation_failed',
        message: expect.any(String),
      });
      expect(toApiError(new Error('query failed', { cause: pgError(code) })).status).toBe(400);
    }
  });

  it('keeps other database errors internal, without their message', () => {
    const apiError = toApiError(pgError('53300'));
    expect(apiError).toMatchObject({ status: 500, code: 'internal' });
    expect(apiError.message).not.toContain('postgres');
  });
});
