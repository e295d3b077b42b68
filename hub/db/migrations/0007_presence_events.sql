-- device.presence.changed: one outbox event whenever a device's status changes (ONLINE, OFFLINE, ERROR,
-- REVOKED), written by SQLite in the same transaction as the change, whichever path made it (connections,
-- faults, revocation, desired state). Sync stamps the claimed site and hub on the way up.
CREATE TRIGGER `devices_presence_changed` AFTER UPDATE OF `status` ON `devices`
WHEN OLD.`status` IS NOT NEW.`status`
BEGIN
  INSERT INTO `outbox` (`event_id`, `type`, `envelope`, `created_at`)
  SELECT e.id, 'device.presence.changed', json_object(
      'id', e.id,
      'type', 'device.presence.changed',
      'version', 1,
      'occurredAt', e.at,
      'correlationId', e.id,
      'source', json_object('siteId', 'local', 'hubId', coalesce((SELECT json_extract(`value`, '$') FROM `hub_settings` WHERE `key` = 'hubId'), 'hub-local'), 'module', 'devices'),
      'data', json_object(
        'deviceId', NEW.`id`,
        'kind', NEW.`kind`,
        'name', NEW.`name`,
        'status', NEW.`status`,
        'equipmentId', (SELECT `id` FROM `equipment` WHERE `device_id` = NEW.`id` LIMIT 1),
        'changedAt', e.at
      )
    ), e.ms
  FROM (
    SELECT
      lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) AS id,
      strftime('%Y-%m-%dT%H:%M:%fZ', CAST(unixepoch('subsec') * 1000 AS INTEGER) / 1000.0, 'unixepoch') AS at,
      CAST(unixepoch('subsec') * 1000 AS INTEGER) AS ms
  ) AS e;
END;
