ALTER TABLE `outbox` ADD `lane` text DEFAULT 'priority' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lane_seq` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_lane_seq_idx` ON `outbox` (`lane`,`lane_seq`);--> statement-breakpoint
CREATE INDEX `outbox_unsent_idx` ON `outbox` (`sent_at`,`lane`,`seq`);--> statement-breakpoint
-- Rows written before lanes keep their seq as the priority lane's number, matching the cloud's migrated cursor.
UPDATE `outbox` SET `lane_seq` = `seq`;