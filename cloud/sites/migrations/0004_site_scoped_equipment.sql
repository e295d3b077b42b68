PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_site_alarm_rules` (
	`equipment_id` text NOT NULL,
	`site_id` text NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `equipment_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_site_alarm_rules`("equipment_id", "site_id", "settings", "updated_at") SELECT "equipment_id", "site_id", "settings", "updated_at" FROM `site_alarm_rules`;--> statement-breakpoint
DROP TABLE `site_alarm_rules`;--> statement-breakpoint
ALTER TABLE `__new_site_alarm_rules` RENAME TO `site_alarm_rules`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE TABLE `__new_site_equipment` (
	`id` text NOT NULL,
	`site_id` text NOT NULL,
	`device_id` text,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`set_temperature` real NOT NULL,
	`optimal_min` real NOT NULL,
	`optimal_max` real NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_site_equipment`("id", "site_id", "device_id", "name", "type", "set_temperature", "optimal_min", "optimal_max", "updated_at") SELECT "id", "site_id", "device_id", "name", "type", "set_temperature", "optimal_min", "optimal_max", "updated_at" FROM `site_equipment`;--> statement-breakpoint
DROP TABLE `site_equipment`;--> statement-breakpoint
ALTER TABLE `__new_site_equipment` RENAME TO `site_equipment`;