/**
 * Turns schema validation errors (Ajv-style objects as produced by TypeBox's compiler or by Ajv)
 * into API error details that name each offending field.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface SchemaIssue {
  keyword?: string;
  instancePath?: string;
  schemaPath?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** `/roles/0` under `body` → `roles.0`; the root of a part is named after the part. */
export function fieldName(instancePath: string, part: string, property?: string): string {
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (property !== undefined) segments.push(property);
  return segments.length ? segments.join('.') : part;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function listOf(params: Record<string, unknown> | undefined, many: string, one: string): string[] {
  const list: unknown = params?.[many];
  if (Array.isArray(list)) return list.map(text);
  const single = params?.[one];
  return single === undefined ? [] : [text(single)];
}

export function validationDetails(issues: readonly SchemaIssue[], part = 'body'): FieldIssue[] {
  const out = new Map<string, string>();
  const allowed = new Map<string, string[]>();
  const add = (field: string, message: string) => {
    if (!out.has(field)) out.set(field, message);
  };
  for (const issue of issues) {
    const path = issue.instancePath ?? '';
    switch (issue.keyword ?? '') {
      case 'required':
        for (const p of listOf(issue.params, 'requiredProperties', 'missingProperty')) {
          add(fieldName(path, part, p), 'is required');
        }
        break;
      case 'additionalProperties':
        for (const p of listOf(issue.params, 'additionalProperties', 'additionalProperty')) {
          add(fieldName(path, part, p), 'is not allowed');
        }
        break;
      case 'boolean':
        // TypeBox reports `additionalProperties: false` twice; the keyword above already did.
        if (issue.schemaPath?.endsWith('/additionalProperties')) break;
        add(fieldName(path, part), issue.message ?? 'is invalid');
        break;
      case 'const': {
        // A union of literals fails once per literal; gather them into one "must be one of".
        const field = fieldName(path, part);
        allowed.set(field, [...(allowed.get(field) ?? []), text(issue.params?.allowedValue)]);
        break;
      }
      case 'anyOf':
      case 'oneOf': {
        const field = fieldName(path, part);
        const values = allowed.get(field);
        add(
          field,
          values?.length ? `must be one of: ${values.join(', ')}` : (issue.message ?? 'is invalid'),
        );
        break;
      }
      default:
        add(fieldName(path, part), issue.message ?? 'is invalid');
    }
  }
  for (const [field, values] of allowed)
    add(
      field,
      values.length === 1 ? `must be ${values[0]}` : `must be one of: ${values.join(', ')}`,
    );
  return [...out].map(([field, message]) => ({ field, message }));
}
