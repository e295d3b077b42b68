CREATE TABLE `remote_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`by_user_id` text NOT NULL,
	`by_name` text NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`applied_at` integer NOT NULL,
	`reported_at` integer
);
--> statement-breakpoint
CREATE INDEX `remote_actions_unreported_idx` ON `remote_actions` (`reported_at`);