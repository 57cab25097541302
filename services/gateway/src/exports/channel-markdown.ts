/** What the Markdown of a channel is written from (a feed `threads` export record). */
export interface ThreadRecord {
  id: string;
  kind: string;
  title: string;
  body: string;
  tags: string[];
  score: number;
  createdAt: string;
  authorHandle: string;
  authorDisplayName: string;
  answers: {
    id: string;
    body: string;
    score: number;
    accepted: boolean;
    createdAt: string;
    authorHandle: string;
    authorDisplayName: string;
  }[];
}

/** Text that goes into a heading or a byline: one line, no characters Markdown would act on. */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

const byline = (name: string, handle: string, at: string) =>
  `*${inline(name)} (@${inline(handle)}), ${at.slice(0, 10)}*`;

export function channelHeading(channel: { name: string; slug: string; description: string }) {
  const description = channel.description ? `\n${inline(channel.description)}\n` : '';
  return `# ${inline(channel.name)} (#${inline(channel.slug)})\n${description}\n`;
}

/**
 * One post with its answers (accepted first). Bodies are Markdown as their authors wrote them,
 * so they go in as they are.
 */
export function threadMarkdown(thread: ThreadRecord): string {
  const tags = thread.tags.length ? ` · tags: ${thread.tags.map(inline).join(', ')}` : '';
  const lines = [
    `## ${inline(thread.title)}`,
    '',
    `${byline(thread.authorDisplayName, thread.authorHandle, thread.createdAt)} · ${thread.kind} · score ${thread.score}${tags}`,
    '',
    thread.body.trim(),
    '',
  ];
  for (const answer of thread.answers) {
    lines.push(
      `### ${answer.accepted ? 'Accepted answer' : 'Answer'} by ${inline(answer.authorDisplayName)}`,
      '',
      `${byline(answer.authorDisplayName, answer.authorHandle, answer.createdAt)} · score ${answer.score}`,
      '',
      answer.body.trim(),
      '',
    );
  }
  lines.push('---', '', '');
  return lines.join('\n');
}
