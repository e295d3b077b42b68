CREATE TABLE `notification_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`notification_id` text NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`due_at` integer,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `notification_deliveries_due_idx` ON `notification_deliveries` (`sent_at`,`due_at`);--> statement-breakpoint
CREATE TABLE `notification_episodes` (
	`key` text PRIMARY KEY NOT NULL,
	`escalated` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`user_id` text NOT NULL,
	`category` text NOT NULL,
	`channel` text NOT NULL,
	`enabled` integer NOT NULL,
	PRIMARY KEY(`user_id`, `category`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `notification_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`quiet_start` integer,
	`quiet_end` integer,
	`time_zone` text NOT NULL,
	`digest` integer DEFAULT false NOT NULL,
	`every_change` integer DEFAULT false NOT NULL,
	`last_digest_day` text
);
--> statement-breakpoint
ALTER TABLE `notifications` ADD `category` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `link` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `critical` integer DEFAULT false NOT NULL;