-- A client's engagements are now told apart by name (the key they travel by in CSV). Names a client had twice
-- were numbered just before this, by distinctEngagementNames (src/db/engagement-names.ts).
DROP INDEX `engagements_client`;--> statement-breakpoint
CREATE UNIQUE INDEX `engagements_client_name` ON `engagements` (`client_id`,`name`);
