/** The notifications module's manifest: in-app notifications from events, and every email through one mailer. */
import type { Config } from "../config/index.ts";
import { defineCloudModule } from "../module/index.ts";
import { type NotificationsDeps, notifyAlarm } from "./alarm-notifications.ts";
import { devMailHttp } from "./dev-mail-http.ts";
import { type EmailDeps, type EmailMessage, sendEmail } from "./email.ts";
import { notificationsHttp } from "./http.ts";
import { type MailProvider, resendProvider, type SendEmailBinding, workersEmailProvider } from "./mailer.ts";
import * as schema from "./schema.ts";

export interface NotificationsServices {
  /** Renders, records and sends one email (the capture outbox in development and tests). */
  mailer: { send(message: EmailMessage): Promise<void> };
}

declare module "../module/index.ts" {
  interface CloudServices {
    notifications: NotificationsServices;
  }
}

export type NotificationsModuleDeps = NotificationsDeps & { mail: EmailDeps; development: boolean };

export const notificationsModule = defineCloudModule({
  name: "notifications",
  database: {
    binding: "NOTIFICATIONS_DB",
    name: "outpost-notifications",
    migrations: "cloud/notifications/migrations",
    schema,
  },
  deps(ctx): NotificationsModuleDeps {
    const db = ctx.db as NotificationsDeps["db"];
    const provider = mailProvider(ctx.config, ctx.platform.emailBinding);
    return {
      db,
      clock: ctx.clock,
      siteMembers: (siteId) => ctx.service("sites").siteMembers(siteId),
      mail: { db, clock: ctx.clock, ...(provider ? { provider } : {}) },
      development: ctx.config.environment === "development",
    };
  },
  services: (deps): NotificationsServices => ({
    mailer: { send: (message) => sendEmail(deps.mail, message) },
  }),
  routes: (deps, { requireUser }) => [
    notificationsHttp({ db: deps.db, requireUser }),
    // The captured mail page exists only where nobody else can reach it.
    ...(deps.development ? [devMailHttp({ db: deps.db })] : []),
  ],
  consumers: [
    {
      name: "notifications.alarms",
      patterns: ["equipment.alarm.*"],
      handle: (event, deps: NotificationsModuleDeps) => notifyAlarm(deps, event),
    },
  ],
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
