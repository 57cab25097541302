/**
 * marked is the largest library the app uses, and only the editor's preview needs it (the server
 * renders posts): it loads the first time there is something to preview, not with the first page.
 */
export type RenderMarkdown = (markdown: string) => string;

let loading: Promise<RenderMarkdown> | null = null;

/** The preview's renderer, loaded once; a failed load (say, a chunk gone after an update) is tried again next time. */
export function loadMarkdownRenderer(): Promise<RenderMarkdown> {
  loading ??= import('./markdown').then(
    (module) => module.renderMarkdown,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}
