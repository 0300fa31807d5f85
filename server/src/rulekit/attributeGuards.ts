// The guards under which a missing attribute is handled (or the line never runs): the core's member rules
// (checks/members.ts) and the adapters' (SQLAlchemy's model attributes) stay silent under them alike.
import type { Guard } from '../syntax/summary';

export const ATTRIBUTE_GUARDS: ReadonlySet<Guard> = new Set<Guard>(['attribute-error', 'type-checking', 'version', 'import-error', 'expects-error']);
