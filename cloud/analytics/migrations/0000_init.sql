CREATE TABLE `analytics_alarms` (
	`site_id` text NOT NULL,
	`alarm_id` text NOT NULL,
	`raised_at` integer,
	`acknowledged_at` integer,
	`cleared_at` integer,
	PRIMARY KEY(`site_id`, `alarm_id`)
);
--> statement-breakpoint
CREATE TABLE `analytics_daily` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`metric` text NOT NULL,
	`key` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`site_id`, `day`, `metric`, `key`)
);
--> statement-breakpoint
CREATE TABLE `analytics_outages` (
	`site_id` text NOT NULL,
	`subject` text NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`site_id`, `subject`)
);
--> statement-breakpoint
CREATE INDEX `analytics_outages_site_idx` ON `analytics_outages` (`site_id`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
--> statement-breakpoint
CREATE TABLE `analytics_units` (
	`site_id` text NOT NULL,
	`equipment_id` text NOT NULL,
	`name` text NOT NULL,
	`optimal_min` real NOT NULL,
	`optimal_max` real NOT NULL,
	PRIMARY KEY(`site_id`, `equipment_id`)
);
