CREATE TABLE `availability` (
	`id` text PRIMARY KEY NOT NULL,
	`crew_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `availability_crew_idx` ON `availability` (`crew_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`organiser_id` text NOT NULL,
	`crew_id` text NOT NULL,
	`company_id` text NOT NULL,
	`tariff_id` text NOT NULL,
	`unit` text NOT NULL,
	`rate` integer NOT NULL,
	`quantity` integer NOT NULL,
	`total` integer NOT NULL,
	`currency` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	`invoice_id` text,
	`notes` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bookings_crew_idx` ON `bookings` (`crew_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `bookings_organiser_idx` ON `bookings` (`organiser_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `bookings_company_idx` ON `bookings` (`company_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `crew_members` (
	`id` text PRIMARY KEY NOT NULL,
	`company_id` text NOT NULL,
	`user_id` text,
	`name` text NOT NULL,
	`ssn_sealed` text,
	`bank_account_sealed` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crew_company_idx` ON `crew_members` (`company_id`);--> statement-breakpoint
CREATE INDEX `crew_user_idx` ON `crew_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `crew_skills` (
	`crew_id` text NOT NULL,
	`category` text NOT NULL,
	`skill` text NOT NULL,
	`years` integer NOT NULL,
	`proficiency` integer NOT NULL,
	PRIMARY KEY(`crew_id`, `category`, `skill`)
);
--> statement-breakpoint
CREATE INDEX `skills_idx` ON `crew_skills` (`category`,`skill`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`organiser_id` text NOT NULL,
	`name` text NOT NULL,
	`venue` text,
	`details` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_organiser_idx` ON `events` (`organiser_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `invoice_counters` (
	`organiser_id` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`organiser_id`, `year`)
);
--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`organiser_id` text NOT NULL,
	`company_id` text NOT NULL,
	`number` text,
	`amount` integer NOT NULL,
	`vat_rate` integer NOT NULL,
	`vat` integer NOT NULL,
	`total` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`issued_at` integer,
	`due_at` integer,
	`paid_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_idx` ON `invoices` (`organiser_id`,`number`);--> statement-breakpoint
CREATE INDEX `invoices_status_idx` ON `invoices` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `org_members` (
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`org_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `org_members_user_idx` ON `org_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`vat_number` text,
	`address` text,
	`time_zone` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bookings_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`created_at` integer NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE INDEX `bookings_outbox_pending_idx` ON `bookings_outbox` (`published_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text NOT NULL,
	`consumer` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `consumer`)
);
--> statement-breakpoint
CREATE TABLE `tariffs` (
	`id` text PRIMARY KEY NOT NULL,
	`organiser_id` text NOT NULL,
	`category` text NOT NULL,
	`skill` text NOT NULL,
	`unit` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tariffs_match_idx` ON `tariffs` (`organiser_id`,`category`,`skill`);