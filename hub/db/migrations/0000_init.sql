CREATE TABLE `alarms` (
	`id` text PRIMARY KEY NOT NULL,
	`equipment_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`limit` real NOT NULL,
	`trigger_temperature` real NOT NULL,
	`peak_temperature` real NOT NULL,
	`raised_at` integer NOT NULL,
	`cleared_at` integer
);
--> statement-breakpoint
CREATE INDEX `alarms_equipment_status_idx` ON `alarms` (`equipment_id`,`status`);--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`secret_hash` text NOT NULL,
	`status` text DEFAULT 'PAIRED' NOT NULL,
	`model` text,
	`firmware` text,
	`capabilities` text,
	`paired_at` integer NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `equipment` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`model` text,
	`manufacturer` text,
	`serial_number` text,
	`code` text,
	`set_temperature` real NOT NULL,
	`optimal_min` real NOT NULL,
	`optimal_max` real NOT NULL,
	`location_name` text,
	`location_address` text,
	`location_lat` real,
	`location_lon` real,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `equipment_device_uq` ON `equipment` (`device_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `equipment_serial_uq` ON `equipment` (`serial_number`);--> statement-breakpoint
CREATE TABLE `hub_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`type` text NOT NULL,
	`envelope` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_id_unique` ON `outbox` (`event_id`);--> statement-breakpoint
CREATE TABLE `readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`equipment_id` text NOT NULL,
	`device_id` text NOT NULL,
	`device_ts` integer,
	`received_at` integer NOT NULL,
	`temperature` real,
	`door_open` integer,
	`defrost` integer,
	`compressor_on` integer,
	`power_w` real
);
--> statement-breakpoint
CREATE INDEX `readings_equipment_time_idx` ON `readings` (`equipment_id`,`received_at`);