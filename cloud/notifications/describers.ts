/**
 * Legacy table: describers written before the manifest seam, `(data) => { title, body } | null`, keyed by event
 * type. Prefer a module manifest's `notifications` (cloud/module/notifications.ts); entries here are delivered
 * under the "other" category without samples, and the catalog test names them until they move.
 */
import type { EventData, EventType } from "../../shared/events/index.ts";

export interface LegacyDescription {
  title: string;
  body: string;
}

export const DESCRIBERS: { [T in EventType]?: (data: EventData<T>) => LegacyDescription | null } = {};
