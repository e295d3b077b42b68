CREATE TABLE `desired_state_versions` (
	`site_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`digest` text NOT NULL,
	`issued_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hub_desired_state` (
	`hub_id` text PRIMARY KEY NOT NULL,
	`applied_version` integer,
	`applied_at` integer,
	`last_error` text,
	`reported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `remote_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`input` text NOT NULL,
	`by_user_id` text NOT NULL,
	`by_name` text NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`created_at` integer NOT NULL,
	`applied_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `remote_actions_site_status_idx` ON `remote_actions` (`site_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `site_alarm_rules` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `site_alarm_rules_site_idx` ON `site_alarm_rules` (`site_id`);--> statement-breakpoint
CREATE TABLE `site_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`equipment_id` text,
	`paired_by` text NOT NULL,
	`paired_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `site_devices_site_idx` ON `site_devices` (`site_id`);--> statement-breakpoint
CREATE TABLE `site_equipment` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`device_id` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`set_temperature` real NOT NULL,
	`optimal_min` real NOT NULL,
	`optimal_max` real NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `site_equipment_site_idx` ON `site_equipment` (`site_id`);--> statement-breakpoint
CREATE TABLE `site_member_removals` (
	`site_id` text NOT NULL,
	`user_id` text NOT NULL,
	`removed_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `user_id`)
);
