CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`site_id` text NOT NULL,
	`event_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_user_idx` ON `notifications` (`event_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
