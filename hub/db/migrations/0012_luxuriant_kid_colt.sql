CREATE TABLE `heating_energy` (
	`room_id` text NOT NULL,
	`day` text NOT NULL,
	`wh` real DEFAULT 0 NOT NULL,
	`heating_ms` integer DEFAULT 0 NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`room_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `heating_room_devices` (
	`device_id` text PRIMARY KEY NOT NULL,
	`room_id` text NOT NULL,
	`role` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `heating_rooms` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`space` text NOT NULL,
	`settings` text NOT NULL,
	`local` text DEFAULT '{}' NOT NULL,
	`cloud_changed_at` integer DEFAULT 0 NOT NULL,
	`hub_changed_at` integer,
	`state` text NOT NULL,
	`temperature` real,
	`humidity` real,
	`temperature_at` integer,
	`target` real,
	`source` text,
	`reason` text,
	`predicted_start` integer,
	`power_w` real,
	`power_at` integer,
	`commands` text DEFAULT '{}' NOT NULL,
	`alarmed` text DEFAULT '[]' NOT NULL,
	`status_at` integer,
	`updated_at` integer NOT NULL
);
