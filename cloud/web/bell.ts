/** The notification bell's state: the unread count, refreshed on load, every minute, and by live pushes. */
import { signal } from "@preact/signals";
import type { LiveNotification } from "../../shared/live/index.ts";
import { api } from "./api.ts";

export const unread = signal<number | null>(null);
/** Bumped when a notification arrives over a live socket, so an open centre reloads. */
export const arrivals = signal(0);

export async function refreshUnread(): Promise<void> {
  try {
    unread.value = (await api.notifications()).unread;
  } catch {
    // The bell stays as it was; the page that failed shows its own error.
  }
}

export function notificationArrived(_n: LiveNotification): void {
  unread.value = (unread.value ?? 0) + 1;
  arrivals.value++;
}
