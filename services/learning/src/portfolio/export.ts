import type { Evidence, Goal, LogEntry } from '@outloud/contracts';

/** A person's whole learning record, as exported. */
export interface PortfolioExport {
  owner: { handle: string; displayName: string };
  goals: { goal: Goal; evidence: Evidence[] }[];
  log: LogEntry[];
  generatedAt: Date;
}

const metricLabel: Record<string, string> = {
  answers: 'answers to questions',
  accepted_answers: 'accepted answers',
  tips: 'tips shared',
  questions: 'questions asked',
  posts: 'posts',
};

function progressLine(goal: Goal): string {
  if (!goal.measure) return `${goal.progress}% done`;
  const tag = goal.measure.tag ? ` tagged ${goal.measure.tag}` : '';
  return `${goal.progress} of ${goal.measure.count} ${metricLabel[goal.measure.metric]}${tag}`;
}

function evidenceTarget(e: Evidence, baseUrl: string): string {
  // The web app addresses posts by its URL hash.
  return e.url ?? `${baseUrl}/#/posts/${e.postId}`;
}

/** Markdown has no safe escaping of everything; these characters would change the structure. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!<>|])/g, '\\$1');
}

export function portfolioMarkdown(p: PortfolioExport, baseUrl = ''): string {
  const lines: string[] = [
    `# Learning portfolio of ${md(p.owner.displayName)} (@${md(p.owner.handle)})`,
    '',
    `Exported ${p.generatedAt.toISOString().slice(0, 10)}.`,
    '',
    '## Goals',
    '',
  ];
  if (!p.goals.length) lines.push('No goals yet.', '');
  for (const { goal, evidence } of p.goals) {
    lines.push(`### ${md(goal.title)}`, '');
    lines.push(`- Status: ${goal.status}; ${progressLine(goal)}`);
    if (goal.targetDate) lines.push(`- Target date: ${goal.targetDate}`);
    if (goal.tags.length) lines.push(`- Tags: ${goal.tags.map(md).join(', ')}`);
    lines.push(`- Shared with: ${goal.visibility}`);
    if (goal.why) lines.push('', md(goal.why));
    if (evidence.length) {
      lines.push('', 'Evidence:', '');
      for (const e of evidence) {
        const note = e.note ? ` — ${md(e.note)}` : '';
        lines.push(
          `- [${md(e.title)}](<${evidenceTarget(e, baseUrl).replace(/[<>\s]/g, encodeURIComponent)}>)${note}`,
        );
      }
    }
    lines.push('');
  }
  lines.push('## Progress log', '');
  if (!p.log.length) lines.push('No entries yet.', '');
  for (const entry of p.log) {
    lines.push(`### ${entry.date}`, '');
    if (entry.learned) lines.push(`**What I learned:** ${md(entry.learned)}`, '');
    if (entry.tried) lines.push(`**What I tried:** ${md(entry.tried)}`, '');
    if (entry.next) lines.push(`**What I'll do next:** ${md(entry.next)}`, '');
  }
  return lines.join('\n');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) links become anchors; anything else is shown as text. */
function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) || url.startsWith('/') ? url : null;
}

/** A printable page: every piece of user text is escaped, and it loads nothing external. */
export function portfolioHtml(p: PortfolioExport, baseUrl = ''): string {
  const h = escapeHtml;
  const goals = p.goals
    .map(({ goal, evidence }) => {
      const items = evidence
        .map((e) => {
          const href = safeHref(evidenceTarget(e, baseUrl));
          const title = href ? `<a href="${h(href)}">${h(e.title)}</a>` : h(e.title);
          return `<li>${title}${e.note ? ` — ${h(e.note)}` : ''}</li>`;
        })
        .join('');
      return `<section class="goal">
<h3>${h(goal.title)}</h3>
<p class="meta">${h(goal.status)} · ${h(progressLine(goal))}${goal.targetDate ? ` · target ${h(goal.targetDate)}` : ''}${goal.tags.length ? ` · ${goal.tags.map(h).join(', ')}` : ''}</p>
${goal.why ? `<p>${h(goal.why)}</p>` : ''}
${items ? `<h4>Evidence</h4><ul>${items}</ul>` : ''}
</section>`;
    })
    .join('\n');
  const log = p.log
    .map(
      (e) => `<section class="entry"><h3>${h(e.date)}</h3>
${e.learned ? `<p><strong>What I learned:</strong> ${h(e.learned)}</p>` : ''}
${e.tried ? `<p><strong>What I tried:</strong> ${h(e.tried)}</p>` : ''}
${e.next ? `<p><strong>What I'll do next:</strong> ${h(e.next)}</p>` : ''}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Learning portfolio of ${h(p.owner.displayName)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}.meta{color:#555}
section{break-inside:avoid;margin-bottom:1.2rem}@media print{a{color:inherit}}</style>
</head><body>
<h1>Learning portfolio of ${h(p.owner.displayName)} (@${h(p.owner.handle)})</h1>
<p class="meta">Exported ${h(p.generatedAt.toISOString().slice(0, 10))}</p>
<h2>Goals</h2>
${goals || '<p>No goals yet.</p>'}
<h2>Progress log</h2>
${log || '<p>No entries yet.</p>'}
</body></html>
`;
}
