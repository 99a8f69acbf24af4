// The kinds `sched import` (and `sched export csv`) know.
import { availability } from './availability';
import { bookings } from './bookings';
import type { ImportKind } from './kind';
import { clients, services, staff } from './records';

export const IMPORT_KINDS: Record<string, ImportKind> = { staff, clients, services, availability, bookings };
