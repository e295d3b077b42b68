/** Email: templates rendered here, recorded in the outbox, delivered by the configured provider. */
import { desc, eq } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { NotificationsDb } from "./inbox.ts";
import type { MailProvider } from "./mailer.ts";
import * as schema from "./schema.ts";

export type EmailTemplate =
  | "password-reset"
  | "site-invite"
  | "email-verification"
  | "sign-up-existing"
  | "notification"
  | "digest";

export interface EmailMessage {
  to: string;
  template: EmailTemplate;
  data: Record<string, string>;
}

const TEMPLATES: Record<EmailTemplate, (d: Record<string, string>) => { subject: string; body: string }> = {
  // Texts come from the event's describer (names and the site's local time already in them).
  notification: (d) => ({
    subject: d.title ?? "Outpost notification",
    body: `${d.body ?? ""}${d.link ? `\n\nOpen: ${d.link}` : ""}\n\nChoose what reaches you: ${d.settings ?? ""}`,
  }),
  digest: (d) => ({
    subject: `Outpost: ${d.count} notifications`,
    body: `${d.items ?? ""}\n\nChoose what reaches you: ${d.settings ?? ""}`,
  }),
  "site-invite": (d: Record<string, string>) => ({
    subject: "You are invited to an Outpost site",
    body: `You have been invited to join an Outpost site as ${d.role}.\n\nTo join, open:\n${d.link}\n\nand sign in with this email address (or create an account with it): you come back to the invitation after. It works once and expires in 7 days.`,
  }),
  "email-verification": (d: Record<string, string>) => ({
    subject: "Verify your Outpost email address",
    body: `Welcome to Outpost. To verify this address, open:\n${d.link}\n\nThe link works once and expires in ${d.expiresInHours} hours. If you did not sign up, ignore this email.`,
  }),
  "sign-up-existing": (d: Record<string, string>) => ({
    subject: "Your Outpost account",
    body: `Someone tried to create an Outpost account with this address, which already has one.\n\nIf it was you, sign in at ${d.link}, or reset your password from there. If not, you can ignore this email.`,
  }),
  "password-reset": (d: Record<string, string>) => ({
    subject: "Reset your Outpost password",
    body: `Someone asked to reset the password of this Outpost account.\n\nTo choose a new one, open:\n${d.link}\n\nThe link works once and expires in ${d.expiresInMinutes} minutes. If it was not you, ignore this email; your password stays as it is.`,
  }),
};

export interface EmailDeps {
  db: NotificationsDb;
  clock: Clock;
  /** Absent: the outbox is the capture mailer (development and tests). */
  provider?: MailProvider;
}

/**
 * Renders one email, records it in the outbox, and hands it to the provider, stamping `sentAt` once the
 * provider accepted it. A provider failure is the caller's error: a reset or verification request fails
 * loudly rather than pretending a mail went out.
 */
export async function sendEmail(deps: EmailDeps, message: EmailMessage): Promise<void> {
  const now = deps.clock.now();
  const { subject, body } = TEMPLATES[message.template](message.data);
  const id = uuidv7(now);
  await deps.db.insert(schema.emailOutbox).values({
    id,
    recipient: message.to,
    template: message.template,
    subject,
    body,
    createdAt: now,
  });
  if (!deps.provider) return;
  await deps.provider.deliver({ to: message.to, subject, text: body });
  await deps.db
    .update(schema.emailOutbox)
    .set({ sentAt: deps.clock.now() })
    .where(eq(schema.emailOutbox.id, id));
}

/** The newest captured emails, for the development mail page. */
export async function capturedMail(deps: { db: NotificationsDb }, limit = 50) {
  return deps.db
    .select()
    .from(schema.emailOutbox)
    .orderBy(desc(schema.emailOutbox.createdAt), desc(schema.emailOutbox.id))
    .limit(limit);
}

/** The newest emails to one recipient (development tools and tests read the capture outbox with this). */
export async function outboxFor(deps: { db: NotificationsDb }, recipient: string) {
  return deps.db
    .select()
    .from(schema.emailOutbox)
    .where(eq(schema.emailOutbox.recipient, recipient))
    .orderBy(desc(schema.emailOutbox.createdAt), desc(schema.emailOutbox.id))
    .limit(20);
}
