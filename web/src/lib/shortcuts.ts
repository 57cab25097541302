import type { MessageKey } from '../i18n';

/** What a keyboard shortcut does. */
export type ShortcutAction = 'search' | 'new-post' | 'feed' | 'notifications' | 'help';

/** The shortcuts, as the help dialog lists them (`label` is a catalog message). */
export const shortcuts: readonly { keys: string; action: ShortcutAction; label: MessageKey }[] = [
  { keys: '/', action: 'search', label: 'nav.shortcuts.search' },
  { keys: 'n', action: 'new-post', label: 'nav.shortcuts.newPost' },
  { keys: 'g f', action: 'feed', label: 'nav.shortcuts.feed' },
  { keys: 'g n', action: 'notifications', label: 'nav.shortcuts.notifications' },
  { keys: '?', action: 'help', label: 'nav.shortcuts.help' },
];

/** How long after `g` the second key of a sequence counts. */
export const SEQUENCE_MS = 1200;

/**
 * The action for a key press, given the key pressed just before (within the sequence time) and
 * whether focus is in a text field (where keys are text, not commands). Modifier chords are
 * left to the browser.
 */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  previousKey: string | null,
  inTextField: boolean,
): ShortcutAction | null {
  if (inTextField || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (previousKey === 'g') {
    if (event.key === 'f') return 'feed';
    if (event.key === 'n') return 'notifications';
  }
  switch (event.key) {
    case '/':
      return 'search';
    case 'n':
      return 'new-post';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** Whether typing into `target` means text rather than commands. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}
