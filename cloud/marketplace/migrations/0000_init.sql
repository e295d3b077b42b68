CREATE TABLE `bids` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`message` text NOT NULL,
	`earliest_at` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bids_open_idx` ON `bids` (`request_id`,`provider_id`) WHERE status = 'PENDING';--> statement-breakpoint
CREATE INDEX `bids_provider_idx` ON `bids` (`provider_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `marketplace_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE INDEX `marketplace_outbox_pending_idx` ON `marketplace_outbox` (`published_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
--> statement-breakpoint
CREATE TABLE `provider_members` (
	`provider_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`provider_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `provider_members_user_idx` ON `provider_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`service_types` text NOT NULL,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`radius_km` real NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL,
	`rating_count` integer DEFAULT 0 NOT NULL,
	`completed_jobs` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `providers_lat_idx` ON `providers` (`latitude`,`longitude`);--> statement-breakpoint
CREATE TABLE `service_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`site_id` text NOT NULL,
	`equipment_id` text NOT NULL,
	`requester_id` text NOT NULL,
	`service_type` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`priority` text NOT NULL,
	`preferred_slots` text NOT NULL,
	`origin` text NOT NULL,
	`cause_key` text,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`status` text NOT NULL,
	`accepted_bid_id` text,
	`accept_token` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_requests_number_unique` ON `service_requests` (`number`);--> statement-breakpoint
CREATE INDEX `service_requests_site_idx` ON `service_requests` (`site_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `service_requests_box_idx` ON `service_requests` (`status`,`latitude`,`longitude`);--> statement-breakpoint
CREATE UNIQUE INDEX `service_requests_cause_idx` ON `service_requests` (`site_id`,`cause_key`);--> statement-breakpoint
CREATE TABLE `service_sites` (
	`site_id` text PRIMARY KEY NOT NULL,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`owner_id` text NOT NULL,
	`auto_requests` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ticket_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`author_id` text NOT NULL,
	`message` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ticket_comments_ticket_idx` ON `ticket_comments` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`user_id` text NOT NULL,
	`subject` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_number_unique` ON `tickets` (`number`);--> statement-breakpoint
CREATE INDEX `tickets_user_idx` ON `tickets` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`work_order_id` text NOT NULL,
	`technician_id` text NOT NULL,
	`status` text NOT NULL,
	`checked_in_at` integer,
	`completed_at` integer,
	`notes` text DEFAULT '[]' NOT NULL,
	`snapshot` text
);
--> statement-breakpoint
CREATE TABLE `work_order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`work_order_id` text NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`quantity` real NOT NULL,
	`unit_price` integer NOT NULL,
	`total` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `work_order_items_order_idx` ON `work_order_items` (`work_order_id`);--> statement-breakpoint
CREATE TABLE `work_order_technicians` (
	`work_order_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`work_order_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `wot_user_idx` ON `work_order_technicians` (`user_id`);--> statement-breakpoint
CREATE TABLE `work_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`request_id` text NOT NULL,
	`bid_id` text NOT NULL,
	`site_id` text NOT NULL,
	`equipment_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`payer_id` text NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`quoted_amount` integer NOT NULL,
	`currency` text NOT NULL,
	`total_amount` integer,
	`slot_start` integer,
	`slot_end` integer,
	`started_at` integer,
	`completed_at` integer,
	`cancelled_at` integer,
	`paid_at` integer,
	`resolution` text,
	`feedback_rating` integer,
	`feedback_comment` text,
	`feedback_at` integer,
	`last_op` text,
	`feedback_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `work_orders_number_unique` ON `work_orders` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `work_orders_request_id_unique` ON `work_orders` (`request_id`);--> statement-breakpoint
CREATE INDEX `work_orders_site_idx` ON `work_orders` (`site_id`);--> statement-breakpoint
CREATE INDEX `work_orders_provider_idx` ON `work_orders` (`provider_id`);