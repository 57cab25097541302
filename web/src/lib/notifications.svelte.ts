import { createContext } from 'svelte';
import { api, errorMessage } from './api';
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

  /** Marks these read here at once, then on the server. Throws the API error. */
  async markRead(ids: readonly string[]): Promise<void> {
    const unread = new Set(this.recent.filter((n) => n.readAt === null).map((n) => n.id));
    const newlyRead = ids.filter((id) => unread.has(id));
    if (newlyRead.length === 0) return;
    await api.markRead([...newlyRead]);
    const now = new Date().toISOString();
    this.recent = this.recent.map((n) => (newlyRead.includes(n.id) ? { ...n, readAt: now } : n));
    this.unreadCount = Math.max(0, this.unreadCount - newlyRead.length);
  }

  async markAllRead(): Promise<void> {
    await api.markAllRead();
    const now = new Date().toISOString();
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
