/** cloud/notifications: notifications from every module's describers (in-app, email, digest) and one mailer. */
export { type DeliverDeps, describerTable, notifyEvent, type Person } from "./deliver.ts";
export { describeContext, recordedName, siteTime } from "./describe-context.ts";
export { devMailHttp } from "./dev-mail-http.ts";
export { capturedMail, type EmailDeps, type EmailMessage, outboxFor, sendEmail } from "./email.ts";
export { notificationsHttp } from "./http.ts";
export {
  listNotifications,
  markRead,
  type NotificationsDb,
  type NotificationView,
  unreadCount,
} from "./inbox.ts";
export {
  type MailProvider,
  type OutgoingMail,
  resendProvider,
  type SendEmailBinding,
  workersEmailProvider,
} from "./mailer.ts";
export * as notificationsSchema from "./schema.ts";
export { sendDigests, sendDue } from "./send.ts";
