ALTER TABLE `hub_desired_state` ADD `applied_sections` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `time_zone` text DEFAULT 'UTC' NOT NULL;