/** The notifications module's manifest: notifications from every module's describers, and every email through one mailer. */
import type { Config } from "../config/index.ts";
import { type BoundNotifications, defineCloudModule, type NotificationCategory } from "../module/index.ts";
import { type DeliverDeps, notifyEvent } from "./deliver.ts";
import { DESCRIBERS } from "./describers.ts";
import { devMailHttp } from "./dev-mail-http.ts";
import { type EmailDeps, type EmailMessage, sendEmail } from "./email.ts";
import { notificationsHttp } from "./http.ts";
import type { NotificationsDb } from "./inbox.ts";
import { type MailProvider, resendProvider, type SendEmailBinding, workersEmailProvider } from "./mailer.ts";
import { type PushDeps, sendPush } from "./push.ts";
import { pushHttp } from "./push-http.ts";
import * as schema from "./schema.ts";
import { type SendDeps, sendDigests, sendDue } from "./send.ts";

export interface NotificationsServices {
  /** Renders, records and sends one email (the capture outbox in development and tests). */
  mailer: { send(message: EmailMessage): Promise<void> };
}

declare module "../module/index.ts" {
  interface CloudServices {
    notifications: NotificationsServices;
  }
}

export type NotificationsModuleDeps = DeliverDeps &
  SendDeps & {
    mail: EmailDeps;
    pushDeps: PushDeps;
    development: boolean;
    categories: () => NotificationCategory[];
  };

// Describers still in the legacy table (written before the manifest seam) are delivered as "other".
const OTHER: NotificationCategory = { id: "other", label: "Other", defaultChannels: ["in_app"] };
const legacySource: BoundNotifications = {
  module: "notifications",
  categories: [OTHER],
  describers: Object.fromEntries(
    Object.entries(DESCRIBERS).map(([type, describe]) => [
      type,
      {
        describe: (data: never) => {
          const text = (describe as (d: unknown) => { title: string; body: string } | null)(data);
          return text && { ...text, category: OTHER.id };
        },
        samples: [],
      },
    ]),
  ),
  audience: async () => null,
};

export const notificationsModule = defineCloudModule({
  name: "notifications",
  database: {
    binding: "NOTIFICATIONS_DB",
    name: "outpost-notifications",
    migrations: "cloud/notifications/migrations",
    schema,
  },
  deps(ctx): NotificationsModuleDeps {
    const db = ctx.db as NotificationsDb;
    const provider = mailProvider(ctx.config, ctx.platform.emailBinding);
    const sources = () => [...ctx.notificationSources(), legacySource];
    const pushDeps: PushDeps = {
      db,
      clock: ctx.clock,
      vapid: ctx.config.vapid,
      allowHttp: ctx.config.environment !== "production",
    };
    return {
      db,
      clock: ctx.clock,
      sources,
      categories: () => sources().flatMap((s) => s.categories),
      siteInfo: (siteId) => ctx.service("sites").siteInfo(siteId),
      siteMembers: (siteId) => ctx.service("sites").siteMembers(siteId),
      people: (userIds) => ctx.service("accounts").people(userIds),
      // Only site events reach a socket (an account-level event has no site ledger).
      pushLive: async (siteId, userId, view) => {
        if (siteId.startsWith("account:")) return;
        const { id, title, body, link, critical, createdAt } = view;
        await ctx.service("sites").pushToMember(siteId, userId, {
          type: "notification",
          data: { id, siteId, title, body, link, critical, createdAt },
        });
      },
      mail: { db, clock: ctx.clock, ...(provider ? { provider } : {}) },
      pushDeps,
      push: (userId, message) => sendPush(pushDeps, userId, message),
      appUrl: ctx.config.appUrl,
      development: ctx.config.environment === "development",
    };
  },
  services: (deps): NotificationsServices => ({
    mailer: { send: (message) => sendEmail(deps.mail, message) },
  }),
  routes: (deps, { requireUser }) => [
    notificationsHttp({ ...deps, requireUser }),
    pushHttp({ ...deps.pushDeps, requireUser }),
    // The captured mail page exists only where nobody else can reach it.
    ...(deps.development ? [devMailHttp({ db: deps.db })] : []),
  ],
  consumers: [
    {
      name: "notifications.deliver",
      // Every event: the describer its owning module declares decides whether anyone hears of it.
      patterns: ["#"],
      handle: async (event, deps: NotificationsModuleDeps) => {
        await notifyEvent(deps, event);
        await sendDue(deps);
      },
    },
  ],
  // Deferred messages whose quiet hours ended, and the daily digests.
  scheduled: async (deps) => ({
    notificationsSent: await sendDue(deps),
    digestsSent: await sendDigests(deps),
  }),
});

/** The configured email provider; none means the outbox is the capture mailer. */
function mailProvider(config: Config, binding: SendEmailBinding | undefined): MailProvider | undefined {
  const { provider, from, resendApiKey } = config.email;
  if (provider === "resend") return resendProvider({ apiKey: resendApiKey ?? "", from });
  if (provider === "workers") {
    if (!binding) throw new Error("EMAIL_PROVIDER workers requires the EMAIL send_email binding");
    return workersEmailProvider(binding, from);
  }
  return undefined;
}
