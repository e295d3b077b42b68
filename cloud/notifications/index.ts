/** cloud/notifications: in-app notifications (email through a provider interface comes later). */
export {
  listNotifications,
  type NotificationsDb,
  type NotificationsDeps,
  type NotificationView,
  notifyAlarm,
} from "./alarm-notifications.ts";
export { type EmailMessage, outboxFor, sendEmail } from "./email.ts";
export { notificationsHttp } from "./http.ts";
export * as notificationsSchema from "./schema.ts";
