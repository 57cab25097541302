import { createContext } from 'svelte';
import { api, errorMessage } from './api';
import { nowIso } from './format';
import type { Notification } from './notification-types';

/** How many notifications the bell's dropdown lists. */
const RECENT = 8;

/** The signed-in person's notifications: the unread count for the bell and the latest few. */
export class NotificationsState {
  unreadCount = $state(0);
  /** The newest notifications, newest first. */
  recent = $state<Notification[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    this.error = null;
    try {
      const page = await api.notifications({ limit: RECENT });
      this.recent = page.items;
      this.unreadCount = page.unreadCount;
      this.loaded = true;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** A notification that arrived live. */
  receive(notification: Notification, unreadCount: number): void {
    this.recent = [
      notification,
      ...this.recent.filter((item) => item.id !== notification.id),
    ].slice(0, RECENT);
    this.unreadCount = unreadCount;
  }

  /** Another tab read some: the count is the server's; the list catches up quietly. */
  setUnreadCount(unreadCount: number): void {
    this.unreadCount = unreadCount;
    void this.load();
  }

  /** Marks these read, on the server then here. Throws the API error. */
  async markRead(notifications: readonly Notification[]): Promise<void> {
    const ids = notifications.filter((n) => n.readAt === null).map((n) => n.id);
    if (ids.length === 0) return;
    await api.markRead(ids);
    const now = nowIso();
    this.recent = this.recent.map((n) =>
      ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n,
    );
    this.unreadCount = Math.max(0, this.unreadCount - ids.length);
  }

  async markAllRead(): Promise<void> {
    await api.markAllRead();
    const now = nowIso();
    this.recent = this.recent.map((n) => (n.readAt === null ? { ...n, readAt: now } : n));
    this.unreadCount = 0;
  }

  reset(): void {
    this.unreadCount = 0;
    this.recent = [];
    this.loaded = false;
    this.error = null;
  }
}

const [getNotifications, setNotifications] = createContext<NotificationsState>();

export { getNotifications, setNotifications };
