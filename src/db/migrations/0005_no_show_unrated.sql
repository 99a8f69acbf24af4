-- A session corrected from completed to no-show used to keep its rating, which its CSV export then could not
-- import. Such ratings go, as they now do at the correction; their words are kept in the booking's history.
INSERT INTO `booking_events` (`booking_id`, `at`, `actor`, `kind`, `from_status`, `to_status`, `text`)
  SELECT `id`, CAST(unixepoch('subsec') * 1000 AS INTEGER), 'sched (upgrade)', 'corrected', `status`, `status`,
    'rating withdrawn (it was ' || coalesce(`rating` || '/5', 'none') || coalesce(': ' || `feedback`, '') || ')'
  FROM `bookings` WHERE `status` <> 'completed' AND (`rating` IS NOT NULL OR `feedback` IS NOT NULL);
--> statement-breakpoint
UPDATE `bookings` SET `rating` = NULL, `feedback` = NULL WHERE `status` <> 'completed' AND (`rating` IS NOT NULL OR `feedback` IS NOT NULL);
