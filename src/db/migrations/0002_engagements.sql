CREATE TABLE `engagements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`name` text NOT NULL,
	`budget_min` integer NOT NULL,
	`until` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "engagements_budget_positive" CHECK("engagements"."budget_min" > 0)
);
--> statement-breakpoint
CREATE INDEX `engagements_client` ON `engagements` (`client_id`);--> statement-breakpoint
ALTER TABLE `bookings` ADD `engagement_id` integer REFERENCES engagements(id);--> statement-breakpoint
CREATE INDEX `bookings_engagement` ON `bookings` (`engagement_id`);