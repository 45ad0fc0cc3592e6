/**
 * Readable names for the back office's lists: a staff member's display name
 * for an actor reference (`staff:<id>`), a client's name (or email) for a
 * client id. One query per kind for a whole page of rows.
 */
import type { Kysely } from 'kysely';
import { isUuid } from '../../persistence/ids';
import type { DB } from '../../persistence/schema';

export interface DisplayNames {
  /** The staff member's name for `staff:<id>`; null for other actors (system, provider) and unknown staff. */
  actor(ref: string | null): string | null;
  client(id: string | null): string | null;
}

export async function displayNames(db: Kysely<DB>, refs: { actors?: (string | null)[]; clientIds?: (string | null)[] }): Promise<DisplayNames> {
  const staffIds = [...new Set((refs.actors ?? []).flatMap((r) => (r?.startsWith('staff:') && isUuid(r.slice(6)) ? [r.slice(6)] : [])))];
  const clientIds = [...new Set((refs.clientIds ?? []).filter((id): id is string => id !== null && isUuid(id)))];
  const [staff, clients] = await Promise.all([
    staffIds.length ? db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', staffIds).execute() : [],
    clientIds.length ? db.selectFrom('client').select(['id', 'first_name', 'last_name', 'email']).where('id', 'in', clientIds).execute() : [],
  ]);
  const staffNames = new Map(staff.map((s) => [s.id, s.display_name]));
  const clientNames = new Map(clients.map((c) => [c.id, `${c.first_name} ${c.last_name}`.trim() || c.email]));
  return {
    actor: (ref) => (ref?.startsWith('staff:') ? (staffNames.get(ref.slice(6)) ?? null) : null),
    client: (id) => (id === null ? null : (clientNames.get(id) ?? null)),
  };
}
