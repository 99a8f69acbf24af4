DROP INDEX `bookings_series`;--> statement-breakpoint
DROP INDEX `bookings_engagement`;--> statement-breakpoint
DROP INDEX `bookings_external_id`;--> statement-breakpoint
CREATE INDEX `bookings_series` ON `bookings` (`series_id`) WHERE "bookings"."series_id" is not null;--> statement-breakpoint
CREATE INDEX `bookings_engagement` ON `bookings` (`engagement_id`) WHERE "bookings"."engagement_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_external_id` ON `bookings` (`external_id`) WHERE "bookings"."external_id" is not null;