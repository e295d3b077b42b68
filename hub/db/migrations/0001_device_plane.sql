CREATE TABLE `commands` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_sent_at` integer,
	`last_sent_at` integer,
	`finished_at` integer,
	`ack_status` text,
	`result` text,
	`message` text
);
--> statement-breakpoint
CREATE INDEX `commands_device_status_idx` ON `commands` (`device_id`,`status`);--> statement-breakpoint
CREATE INDEX `commands_status_expiry_idx` ON `commands` (`status`,`expires_at`);--> statement-breakpoint
CREATE TABLE `device_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`level` text NOT NULL,
	`type` text NOT NULL,
	`message` text NOT NULL,
	`data` text,
	`occurred_at` integer NOT NULL,
	`recorded_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `device_logs_device_idx` ON `device_logs` (`device_id`,`id`);--> statement-breakpoint
ALTER TABLE `devices` ADD `encoding` text DEFAULT 'cbor' NOT NULL;--> statement-breakpoint
ALTER TABLE `devices` ADD `state` text;--> statement-breakpoint
ALTER TABLE `devices` ADD `state_at` integer;--> statement-breakpoint
ALTER TABLE `devices` ADD `secret_rotated_at` integer;--> statement-breakpoint
ALTER TABLE `devices` ADD `registry_version` integer DEFAULT 0 NOT NULL;