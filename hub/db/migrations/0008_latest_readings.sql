CREATE TABLE `latest_readings` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`reading_id` integer NOT NULL
);
--> statement-breakpoint
-- Existing hubs: one scan now, so that no read ever scans again.
INSERT INTO `latest_readings` (`equipment_id`, `reading_id`) SELECT `equipment_id`, max(`id`) FROM `readings` GROUP BY `equipment_id`;
