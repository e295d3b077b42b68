CREATE TABLE `hub_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `local_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `local_accounts_username_unique` ON `local_accounts` (`username`);--> statement-breakpoint
CREATE TABLE `removed_members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`removed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `setup_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`redeemed_at` integer
);
--> statement-breakpoint
CREATE TABLE `site_members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`display_name` text,
	`role` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trusted_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`jwk` text NOT NULL
);
