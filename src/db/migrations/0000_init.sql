CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `availability` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`kind` text NOT NULL,
	`weekday` integer,
	`date` text,
	`off` integer DEFAULT false NOT NULL,
	`start_min` integer,
	`end_min` integer,
	`valid_from` text,
	`valid_until` text,
	`start_at` integer,
	`end_at` integer,
	`reason` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `availability_staff_kind` ON `availability` (`staff_id`,`kind`);--> statement-breakpoint
CREATE INDEX `availability_block_range` ON `availability` (`staff_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `booking_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`old_start_at` integer,
	`old_end_at` integer,
	`new_start_at` integer,
	`new_end_at` integer,
	`text` text,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `booking_events_booking` ON `booking_events` (`booking_id`,`at`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`buffer_before_min` integer DEFAULT 0 NOT NULL,
	`buffer_after_min` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`format` text NOT NULL,
	`tz` text NOT NULL,
	`notes` text,
	`series_id` text,
	`sequence` integer DEFAULT 0 NOT NULL,
	`late_change` integer DEFAULT false NOT NULL,
	`cancel_reason` text,
	`rating` integer,
	`feedback` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "bookings_end_after_start" CHECK("bookings"."end_at" > "bookings"."start_at")
);
--> statement-breakpoint
CREATE INDEX `bookings_staff_start` ON `bookings` (`staff_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_client_start` ON `bookings` (`client_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_start` ON `bookings` (`start_at`);--> statement-breakpoint
CREATE INDEX `bookings_series` ON `bookings` (`series_id`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`tz` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_email_unique` ON `clients` (lower("email"));--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`duration_min` integer NOT NULL,
	`buffer_before_min` integer DEFAULT 0 NOT NULL,
	`buffer_after_min` integer DEFAULT 0 NOT NULL,
	`interval_min` integer,
	`min_notice_min` integer DEFAULT 0 NOT NULL,
	`horizon_min` integer,
	`capacity` integer DEFAULT 1 NOT NULL,
	`format` text DEFAULT 'in-person' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "services_duration_positive" CHECK("services"."duration_min" > 0),
	CONSTRAINT "services_capacity_positive" CHECK("services"."capacity" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_code_unique` ON `services` (`code`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`handle` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`tz` text NOT NULL,
	`max_per_day` integer,
	`max_per_week` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_handle_unique` ON `staff` (`handle`);