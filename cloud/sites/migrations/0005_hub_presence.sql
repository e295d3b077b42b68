CREATE TABLE `sites_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE INDEX `sites_outbox_pending_idx` ON `sites_outbox` (`published_at`,`created_at`);--> statement-breakpoint
ALTER TABLE `hubs` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `hubs` ADD `offline_since` integer;