/** Hub presence as the cloud sees it: a scheduled check emits one `hub.offline` per silence and one `hub.online` after it. */
import { z } from "zod";

const instant = z.string().datetime({ offset: true });

const hubOffline = z.object({
  hubId: z.string(),
  hubName: z.string(),
  lastSeenAt: instant,
  /** When the check found it silent for longer than the threshold. */
  detectedAt: instant,
});

const hubOnline = z.object({
  hubId: z.string(),
  hubName: z.string(),
  /** Its last contact before the silence. */
  offlineSince: instant,
  onlineAt: instant,
});

export const HUB_EVENTS = {
  "hub.offline": { 1: hubOffline },
  "hub.online": { 1: hubOnline },
} as const;
