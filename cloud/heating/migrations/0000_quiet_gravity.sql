CREATE TABLE `heating_live` (
	`site_id` text NOT NULL,
	`room_id` text NOT NULL,
	`temperature` real,
	`target` real,
	`heater_on` integer NOT NULL,
	`source` text NOT NULL,
	`reason` text NOT NULL,
	`switches_last_hour` integer NOT NULL,
	`max_switches_per_hour` integer NOT NULL,
	`predicted_start` integer,
	`at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `room_id`)
);
--> statement-breakpoint
CREATE TABLE `heating_rooms` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`space` text NOT NULL,
	`settings` text NOT NULL,
	`devices` text NOT NULL,
	`changed_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
