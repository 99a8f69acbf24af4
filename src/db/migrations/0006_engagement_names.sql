-- A client's engagements are now told apart by name (the key they travel by in CSV). Names a client already
-- had twice get their id added, which no other name of theirs can hold; the history of such a rename is in
-- the audit log.
INSERT INTO `audit_log` (`at`, `actor`, `action`, `entity`, `entity_id`, `details`)
  SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER), 'sched (upgrade)', 'engagement.rename', 'engagement', CAST(e.`id` AS TEXT),
    json_object('from', e.`name`, 'to', e.`name` || ' (engagement ' || e.`id` || ')', 'why', 'the client had two engagements of this name')
  FROM `engagements` e
  WHERE EXISTS (SELECT 1 FROM `engagements` o WHERE o.`client_id` = e.`client_id` AND o.`name` = e.`name` AND o.`id` < e.`id`);
--> statement-breakpoint
UPDATE `engagements` SET `name` = `name` || ' (engagement ' || `id` || ')'
  WHERE EXISTS (SELECT 1 FROM `engagements` o WHERE o.`client_id` = `engagements`.`client_id` AND o.`name` = `engagements`.`name` AND o.`id` < `engagements`.`id`);
--> statement-breakpoint
DROP INDEX `engagements_client`;--> statement-breakpoint
CREATE UNIQUE INDEX `engagements_client_name` ON `engagements` (`client_id`,`name`);
