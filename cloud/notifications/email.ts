/** Email: templates rendered here and written to the outbox (the capture outbox until a provider is set). */
import { desc, eq } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { NotificationsDb } from "./alarm-notifications.ts";
import * as schema from "./schema.ts";

export type EmailTemplate = "password-reset" | "site-invite" | "email-verification" | "sign-up-existing";

export interface EmailMessage {
  to: string;
  template: EmailTemplate;
  data: Record<string, string>;
}

const TEMPLATES: Record<EmailTemplate, (d: Record<string, string>) => { subject: string; body: string }> = {
  "site-invite": (d: Record<string, string>) => ({
    subject: "You are invited to an Outpost site",
    body: `You have been invited to join an Outpost site as ${d.role}.\n\nSign in with this email address and open:\n${d.link}\n\nThe invitation works once and expires in 7 days.`,
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

/** Renders and stores one email for delivery. */
export async function sendEmail(
  deps: { db: NotificationsDb; clock: Clock },
  message: EmailMessage,
): Promise<void> {
  const now = deps.clock.now();
  const { subject, body } = TEMPLATES[message.template](message.data);
  await deps.db.insert(schema.emailOutbox).values({
    id: uuidv7(now),
    recipient: message.to,
    template: message.template,
    subject,
    body,
    createdAt: now,
  });
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
