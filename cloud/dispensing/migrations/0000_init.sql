CREATE TABLE `dispensing_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`private_jwk` text NOT NULL,
	`public_jwk` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dispensing_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`channel` text NOT NULL,
	`account_id` text,
	`hub_id` text,
	`status` text NOT NULL,
	`items` text NOT NULL,
	`total_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`code_id` text,
	`token` text,
	`code_expires_at` integer,
	`code_revoked` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`paid_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispensing_orders_site_idx` ON `dispensing_orders` (`site_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
--> statement-breakpoint
CREATE TABLE `dispensing_products` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`price_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`dispensable` integer NOT NULL,
	`available` integer NOT NULL,
	`low_stock_threshold` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `dispensing_stock` (
	`site_id` text NOT NULL,
	`hub_id` text NOT NULL,
	`product_id` text NOT NULL,
	`on_hand` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `product_id`)
);
