CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`recipient_role` text NOT NULL,
	`recipient` text NOT NULL,
	`booking_id` integer,
	`staff_id` integer,
	`sequence` integer,
	`start_at` integer,
	`end_at` integer,
	`offset_min` integer,
	`period` text,
	`due_at` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_by` text,
	`lease_until` integer,
	`last_error` text,
	`skip_reason` text,
	`message_id` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key_unique` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_booking` ON `outbox` (`booking_id`,`status`);--> statement-breakpoint
ALTER TABLE `availability` ADD `source` text;--> statement-breakpoint
CREATE INDEX `availability_source` ON `availability` (`staff_id`,`source`);--> statement-breakpoint
ALTER TABLE `services` ADD `location` text;--> statement-breakpoint
-- The office's own id, part of every calendar UID, so that two offices' booking 12 never collide in one calendar.
INSERT OR IGNORE INTO `settings` (`key`, `value`) VALUES ('office_uid', lower(hex(randomblob(8))));
