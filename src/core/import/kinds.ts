// The kinds `sched import` (and `sched export csv`) know.
import { availability } from './availability';
import { bookings } from './bookings';
import { engagements } from './engagements';
import type { ImportKind } from './kind';
import { clients, services, staff } from './records';

export const IMPORT_KINDS: Record<string, ImportKind> = { staff, clients, services, availability, engagements, bookings };
