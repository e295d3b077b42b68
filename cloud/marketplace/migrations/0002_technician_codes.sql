CREATE TABLE `technician_codes` (
	`hash` text PRIMARY KEY NOT NULL,
	`work_order_id` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `technician_codes_order_idx` ON `technician_codes` (`work_order_id`,`expires_at`);