CREATE TABLE `sightings` (
	`event_id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
