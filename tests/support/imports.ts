import type { ImportJob } from '@outloud/contracts';
import { eventually, multipartBody, type MultipartPart } from '@outloud/testkit';
import type { ApiWorld, Person } from './api-world.js';

/** A Stack Exchange dump file (`Posts.xml`, `Users.xml`, …): one `<row>` of attributes a record. */
export function stackExchangeXml(root: string, rows: Record<string, string | number>[]): string {
  const attribute = (value: string | number) =>
    String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const lines = rows.map(
    (row) =>
      `  <row ${Object.entries(row)
        .map(([name, value]) => `${name}="${attribute(value)}"`)
        .join(' ')} />`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>\n${lines.join('\n')}\n</${root}>\n`;
}

/** Starts an import as `by`, with the multipart form the web app sends. */
export async function sendImport(
  world: ApiWorld,
  by: Person,
  parts: MultipartPart[],
): Promise<{ status: number; body: { import: ImportJob } }> {
  const { payload, contentType } = multipartBody(parts);
  const reply = await world.app.inject({
    method: 'POST',
    url: '/api/v1/admin/imports',
    headers: { cookie: by.cookie, 'x-csrf-token': by.csrfToken, 'content-type': contentType },
    payload,
  });
  return { status: reply.statusCode, body: reply.json<{ import: ImportJob }>() };
}

/** The import once it no longer runs (done or failed), as an admin reads it. */
export function importFinished(admin: Person, id: string): Promise<ImportJob> {
  return eventually(
    async () => {
      const { body } = await admin.request<{ import: ImportJob }>('GET', `/admin/imports/${id}`);
      return body.import.status === 'running' ? undefined : body.import;
    },
    { timeoutMs: 30_000, what: 'the import to finish' },
  );
}
