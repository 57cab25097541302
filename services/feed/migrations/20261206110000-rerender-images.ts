import { sql, type Kysely } from 'kysely';
import { renderMarkdown, sanitizeRendered } from '../src/markdown/render.js';

/**
 * Bodies are stored rendered. Images may now only load Outloud's uploads (any other becomes its
 * alt text or a link) and links carry `ugc`, so every stored body is rendered again from its
 * Markdown: posts written before keep no image that makes readers' browsers call an address the
 * author chose. A deliberate exception to "migrations import no app code": the point is to
 * produce exactly what the renderer produces today.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['posts', 'answers'] as const) await rerender(db, table);
}

const BATCH = 200;

async function rerender(db: Kysely<unknown>, table: 'posts' | 'answers'): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string; body: string; bodyHtml: string }>`
      select id, body, body_html as "bodyHtml" from ${sql.table(`feed.${table}`)}
      where id > ${after} order by id limit ${BATCH}`.execute(db);
    for (const row of rows) {
      const html = rerendered(row.body, row.bodyHtml);
      if (html === row.bodyHtml) continue;
      await sql`update ${sql.table(`feed.${table}`)} set body_html = ${html} where id = ${row.id}`.execute(
        db,
      );
    }
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

function rerendered(body: string, stored: string): string {
  try {
    return renderMarkdown(body);
  } catch {
    // A body the renderer now refuses (e.g. a little larger with `ugc` on every link) keeps its
    // stored HTML, held to today's allow-list.
    return sanitizeRendered(stored);
  }
}

/** The old HTML is gone; rendering again under the older rules is not possible. */
export async function down(): Promise<void> {}
