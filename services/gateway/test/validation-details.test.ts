import { describe, expect, it } from 'vitest';
import { fieldName, validationDetails } from '../src/core/validation-details.js';

describe('validationDetails', () => {
  it('names missing properties (TypeBox and Ajv styles)', () => {
    expect(
      validationDetails([
        {
          keyword: 'required',
          instancePath: '',
          params: { requiredProperties: ['email', 'password'] },
        },
        { keyword: 'required', instancePath: '/author', params: { missingProperty: 'id' } },
      ]),
    ).toEqual([
      { field: 'email', message: 'is required' },
      { field: 'password', message: 'is required' },
      { field: 'author.id', message: 'is required' },
    ]);
  });

  it('names extra properties once', () => {
    expect(
      validationDetails([
        {
          keyword: 'boolean',
          instancePath: '/extra',
          schemaPath: '#/additionalProperties',
          message: 'schema is false',
        },
        {
          keyword: 'additionalProperties',
          instancePath: '',
          params: { additionalProperties: ['extra'] },
        },
      ]),
    ).toEqual([{ field: 'extra', message: 'is not allowed' }]);
  });

  it('turns a failed union of literals into "must be one of"', () => {
    expect(
      validationDetails([
        { keyword: 'const', instancePath: '/roles/0', params: { allowedValue: 'member' } },
        { keyword: 'const', instancePath: '/roles/0', params: { allowedValue: 'admin' } },
        { keyword: 'anyOf', instancePath: '/roles/0', message: 'must match a schema in anyOf' },
      ]),
    ).toEqual([{ field: 'roles.0', message: 'must be one of: member, admin' }]);
  });

  it('names the part itself for errors at its root', () => {
    expect(
      validationDetails([{ keyword: 'type', instancePath: '', message: 'must be object' }], 'body'),
    ).toEqual([{ field: 'body', message: 'must be object' }]);
    expect(fieldName('/a~1b', 'querystring')).toBe('a/b');
  });
});
