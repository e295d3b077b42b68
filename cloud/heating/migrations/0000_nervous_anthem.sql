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
