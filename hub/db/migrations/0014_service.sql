CREATE TABLE `service_visits` (
	`id` text PRIMARY KEY NOT NULL,
	`work_order_id` text NOT NULL,
	`technician_id` text NOT NULL,
	`status` text NOT NULL,
	`checked_in_at` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE TABLE `service_work_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`title` text NOT NULL,
	`equipment_id` text NOT NULL,
	`status` text NOT NULL,
	`slot_start` text,
	`slot_end` text,
	`technicians` text NOT NULL
);
