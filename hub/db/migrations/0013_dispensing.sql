CREATE TABLE `dispensing_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`token` text,
	`expires_at` integer NOT NULL,
	`revoked` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dispensing_inventory` (
	`product_id` text PRIMARY KEY NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`low` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dispensing_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`channel` text NOT NULL,
	`payment` text,
	`items` text NOT NULL,
	`total_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`flag` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`paid_at` integer,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `dispensing_orders_created_idx` ON `dispensing_orders` (`created_at`);--> statement-breakpoint
CREATE TABLE `dispensing_products` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`dispensable` integer NOT NULL,
	`available` integer NOT NULL,
	`low_stock_threshold` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dispensing_redemptions` (
	`code_id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`device_id` text NOT NULL,
	`scan_id` text NOT NULL,
	`command_id` text NOT NULL,
	`plan` text NOT NULL,
	`at` integer NOT NULL,
	`outcome` text,
	`ack_mark` text
);
--> statement-breakpoint
CREATE TABLE `dispensing_scans` (
	`device_id` text NOT NULL,
	`scan_id` text NOT NULL,
	`code_id` text,
	`outcome` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`device_id`, `scan_id`)
);
--> statement-breakpoint
CREATE INDEX `dispensing_scans_at_idx` ON `dispensing_scans` (`at`);--> statement-breakpoint
CREATE TABLE `dispensing_slots` (
	`device_id` text NOT NULL,
	`slot` integer NOT NULL,
	`product_id` text NOT NULL,
	`capacity` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`device_id`, `slot`)
);
--> statement-breakpoint
CREATE TABLE `dispensing_stock_moves` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`device_id` text,
	`slot` integer,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`order_id` text,
	`by` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispensing_stock_moves_product_idx` ON `dispensing_stock_moves` (`product_id`,`at`);