ALTER TABLE `invoices` ADD `seq` integer;--> statement-breakpoint
UPDATE `invoices` SET `seq` = (SELECT count(*) FROM `invoices` AS `i2` WHERE `i2`.`created_at` < `invoices`.`created_at` OR (`i2`.`created_at` = `invoices`.`created_at` AND `i2`.`id` <= `invoices`.`id`));--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_seq_idx` ON `invoices` (`seq`);
