-- The three tables the ingest writer upserts on every batch become WITHOUT ROWID: one B-tree keyed by
-- the primary key instead of a rowid table plus its key's index, so an upsert finds and writes one
-- page path, not two (see README, "Ingest speed"). drizzle-kit cannot declare WITHOUT ROWID: a
-- generated migration that rebuilds one of these tables must keep it (hub/db/schema says so).
CREATE TABLE `__new_rollups` (
	`equipment_id` text NOT NULL,
	`resolution` text NOT NULL,
	`bucket` integer NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`sum` real NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`equipment_id`, `resolution`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_rollups` (`equipment_id`, `resolution`, `bucket`, `min`, `max`, `sum`, `count`)
	SELECT `equipment_id`, `resolution`, `bucket`, `min`, `max`, `sum`, `count` FROM `rollups`;
--> statement-breakpoint
DROP TABLE `rollups`;
--> statement-breakpoint
ALTER TABLE `__new_rollups` RENAME TO `rollups`;
--> statement-breakpoint
CREATE TABLE `__new_monitoring_state` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_monitoring_state` (`equipment_id`, `state`, `updated_at`)
	SELECT `equipment_id`, `state`, `updated_at` FROM `monitoring_state`;
--> statement-breakpoint
DROP TABLE `monitoring_state`;
--> statement-breakpoint
ALTER TABLE `__new_monitoring_state` RENAME TO `monitoring_state`;
--> statement-breakpoint
CREATE TABLE `__new_latest_readings` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`reading_id` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_latest_readings` (`equipment_id`, `reading_id`)
	SELECT `equipment_id`, `reading_id` FROM `latest_readings`;
--> statement-breakpoint
DROP TABLE `latest_readings`;
--> statement-breakpoint
ALTER TABLE `__new_latest_readings` RENAME TO `latest_readings`;
