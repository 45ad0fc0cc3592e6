import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import type { AppContext } from '../app-context';
import { staffView, type StaffView } from './staff-views';

export const STAFF_LIST_LIMIT = 500;

export async function listStaff(ctx: AppContext, actor: Actor): Promise<{ items: StaffView[] }> {
  authorize(actor, 'staff.list');
  const rows = await ctx.db.selectFrom('staff').selectAll().orderBy('email').limit(STAFF_LIST_LIMIT).execute();
  const visible = actor.entityIds === 'all'
    ? rows
    : rows.filter((row) => row.entity_ids !== null && row.entity_ids.some((id) => actor.entityIds.includes(id)));
  return { items: visible.map(staffView) };
}
