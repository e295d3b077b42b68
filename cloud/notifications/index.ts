/** cloud/notifications: in-app notifications (one describer per event type) and email through one mailer. */
export {
  listNotifications,
  type NotificationsDb,
  type NotificationsDeps,
  type NotificationView,
  notifyAlarm,
} from "./alarm-notifications.ts";
export { DESCRIBERS, type Description, describeEvent } from "./describers.ts";
export { devMailHttp } from "./dev-mail-http.ts";
export { capturedMail, type EmailDeps, type EmailMessage, outboxFor, sendEmail } from "./email.ts";
export { notificationsHttp } from "./http.ts";
export {
  type MailProvider,
  type OutgoingMail,
  resendProvider,
  type SendEmailBinding,
  workersEmailProvider,
} from "./mailer.ts";
export * as notificationsSchema from "./schema.ts";
