-- Hour rollups are now made from minute rollups when read; a stored hour row holds only minutes that
-- retention folded into it before deleting them. Rows written before kept both for the same readings:
-- 1. minutes of an hour whose hour row holds more (an old prune deleted the rest) are in that row: drop them;
DELETE FROM `rollups` WHERE `resolution` = 'minute' AND EXISTS (
	SELECT 1 FROM `rollups` h WHERE h.`equipment_id` = `rollups`.`equipment_id` AND h.`resolution` = 'hour'
		AND h.`bucket` = `rollups`.`bucket` - `rollups`.`bucket` % 3600000
		AND h.`count` > (SELECT sum(m.`count`) FROM `rollups` m WHERE m.`equipment_id` = h.`equipment_id`
			AND m.`resolution` = 'minute' AND m.`bucket` >= h.`bucket` AND m.`bucket` < h.`bucket` + 3600000)
);
--> statement-breakpoint
-- 2. an hour row whose minutes are all still kept is made again from them when read: drop it.
DELETE FROM `rollups` WHERE `resolution` = 'hour' AND EXISTS (
	SELECT 1 FROM `rollups` m WHERE m.`equipment_id` = `rollups`.`equipment_id` AND m.`resolution` = 'minute'
		AND m.`bucket` >= `rollups`.`bucket` AND m.`bucket` < `rollups`.`bucket` + 3600000
);
