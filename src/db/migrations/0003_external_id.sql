ALTER TABLE `bookings` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_external_id` ON `bookings` (`external_id`);