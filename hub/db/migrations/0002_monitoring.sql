CREATE TABLE `alarm_rules` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`config` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `equipment_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`equipment_id` text NOT NULL,
	`event_type` text NOT NULL,
	`data` text,
	`occurred_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `monitoring_state` (
	`equipment_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rollups` (
	`equipment_id` text NOT NULL,
	`resolution` text NOT NULL,
	`bucket` integer NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`sum` real NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`equipment_id`, `resolution`, `bucket`)
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_alarms` (
	`id` text PRIMARY KEY NOT NULL,
	`equipment_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`limit` real,
	`trigger_temperature` real,
	`peak_temperature` real,
	`raised_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`acknowledgement_note` text,
	`escalated_at` integer,
	`cleared_at` integer,
	`closed_at` integer,
	`closed_by` text,
	`corrective_action` text
);
--> statement-breakpoint
INSERT INTO `__new_alarms`("id", "equipment_id", "kind", "status", "limit", "trigger_temperature", "peak_temperature", "raised_at", "cleared_at") SELECT "id", "equipment_id", "kind", "status", "limit", "trigger_temperature", "peak_temperature", "raised_at", "cleared_at" FROM `alarms`;--> statement-breakpoint
DROP TABLE `alarms`;--> statement-breakpoint
ALTER TABLE `__new_alarms` RENAME TO `alarms`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `alarms_equipment_status_idx` ON `alarms` (`equipment_id`,`status`);--> statement-breakpoint
CREATE INDEX `alarms_status_raised_idx` ON `alarms` (`status`,`raised_at`);--> statement-breakpoint
ALTER TABLE `equipment` ADD `is_powered_on` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `equipment` ADD `energy_consumption_current` real;--> statement-breakpoint
ALTER TABLE `equipment` ADD `energy_consumption_average` real;--> statement-breakpoint
ALTER TABLE `equipment` ADD `energy_consumption_unit` text DEFAULT 'kWh' NOT NULL;--> statement-breakpoint
ALTER TABLE `equipment` ADD `ownership_type` text DEFAULT 'OWNED' NOT NULL;--> statement-breakpoint
ALTER TABLE `equipment` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `readings` ADD `ts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `readings` ADD `ts_flagged` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `readings_equipment_ts_idx` ON `readings` (`equipment_id`,`ts`);--> statement-breakpoint
UPDATE `readings` SET `ts` = `received_at` WHERE `ts` = 0;