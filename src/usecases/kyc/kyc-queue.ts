/**
 * The KYC queue: filter by entity, country, risk, status, assignee and age;
 * sort by age or SLA due time; counts per status; pages of 50 by cursor; a
 * timer against the SLA target in working hours.
 */
import { sql } from 'kysely';
import { ValidationError } from '../../domain/errors';
import { kycCaseMachine } from '../../domain/machines/kyc-case-machine';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isPlausibleInstant } from '../pagination';
import { liveSla } from './live-sla';
import { isUuid } from '../../persistence/ids';
import type { AppContext } from '../app-context';

export const KYC_QUEUE_PAGE = 50;
export const QUEUE_SORTS = ['age', 'sla'] as const;

export interface KycQueueQuery {
  entity?: string;
  country?: string;
  risk?: 'low' | 'medium' | 'high';
  /** Default: the states that need a reviewer (tag needs_review). */
  status?: string;
  /** 'me', 'unassigned', or a staff id. */
  assignee?: string;
  /** Only cases waiting at least this many hours. */
  minAgeHours?: number;
  sort?: (typeof QUEUE_SORTS)[number];
  cursor?: string;
}

type CursorKey = { at: string | null; id: string };

function encode(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decode(cursor: string | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorKey;
    if (typeof key.id === 'string' && isUuid(key.id) && (key.at === null || (typeof key.at === 'string' && isPlausibleInstant(new Date(key.at))))) return key;
  } catch {
    // fall through to the refusal
  }
  throw new ValidationError('The page cursor is not valid.', { fields: { cursor: 'Not a cursor returned by this list.' } }, 'cursor_invalid');
}

export async function listKycQueue(ctx: AppContext, actor: Actor, query: KycQueueQuery) {
  authorize(actor, 'kyc.queue.view', query.entity ? { entityId: query.entity } : undefined);
  const now = ctx.clock.now();
  const statuses = query.status ? [query.status] : kycCaseMachine.statesTagged('needs_review');
  const sortColumn = query.sort === 'sla' ? 'sla_due_at' : 'submitted_at';
  const cursor = decode(query.cursor);

  let filtered = ctx.db.selectFrom('kyc_case');
  if (actor.entityIds !== 'all') filtered = filtered.where('kyc_case.entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  if (query.entity) filtered = filtered.where('kyc_case.entity_id', '=', query.entity);
  if (query.country) filtered = filtered.where('kyc_case.country', '=', query.country);
  if (query.risk) filtered = filtered.where('kyc_case.risk_level', '=', query.risk);
  if (query.assignee === 'unassigned') filtered = filtered.where('kyc_case.assignee_id', 'is', null);
  else if (query.assignee === 'me') filtered = filtered.where('kyc_case.assignee_id', '=', actor.id);
  else if (query.assignee) filtered = filtered.where('kyc_case.assignee_id', '=', isUuid(query.assignee) ? query.assignee : '00000000-0000-0000-0000-000000000000');
  if (query.minAgeHours) filtered = filtered.where('kyc_case.submitted_at', '<=', new Date(now.getTime() - query.minAgeHours * 3_600_000));

  let page = filtered
    .innerJoin('client', 'client.id', 'kyc_case.client_id')
    .leftJoin('staff', 'staff.id', 'kyc_case.assignee_id')
    .select([
      'kyc_case.id', 'kyc_case.client_id', 'kyc_case.entity_id', 'kyc_case.country', 'kyc_case.kind', 'kyc_case.status', 'kyc_case.risk_level',
      'kyc_case.assignee_id', 'kyc_case.submitted_at', 'kyc_case.opened_at', 'kyc_case.sla_due_at', 'kyc_case.version',
      'client.email', 'client.first_name', 'client.last_name', 'staff.display_name as assignee_name',
    ])
    .where('kyc_case.status', 'in', statuses);
  if (cursor) {
    const at = cursor.at ? new Date(cursor.at) : null;
    page = page.where((eb) =>
      at === null
        ? eb.and([eb(`kyc_case.${sortColumn}`, 'is', null), eb('kyc_case.id', '>', cursor.id)])
        : eb.or([
            eb(`kyc_case.${sortColumn}`, '>', at),
            eb.and([eb(`kyc_case.${sortColumn}`, '=', at), eb('kyc_case.id', '>', cursor.id)]),
            eb(`kyc_case.${sortColumn}`, 'is', null),
          ]),
    );
  }
  const rows = await page
    .orderBy(sql`${sql.ref(`kyc_case.${sortColumn}`)} asc nulls last`)
    .orderBy('kyc_case.id', 'asc')
    .limit(KYC_QUEUE_PAGE + 1)
    .execute();
  // One plain count per open state, each a scalar subquery, rather than GROUP BY status:
  // each is a range of a small partial index (migration 0003), cheaper per row, and run
  // one after the other (a UNION ALL is planned as a Parallel Append, whose worker start-up
  // costs more than it saves here). A state with no case is left out, as GROUP BY left it out.
  const openStates = kycCaseMachine.statesTagged('open');
  const countRow: Record<string, unknown> = await ctx.db
    .selectNoFrom(openStates.map((status) => filtered.select(sql<bigint>`count(*)`.as('n')).where('kyc_case.status', '=', status).as(status)))
    .executeTakeFirstOrThrow();
  const counts = openStates.map((status) => ({ status, n: Number(countRow[status]) })).filter((c) => c.n > 0);

  const items = rows.slice(0, KYC_QUEUE_PAGE);
  const last = items.at(-1);
  const lastKey = last ? (sortColumn === 'sla_due_at' ? last.sla_due_at : last.submitted_at) : null;
  return {
    items: items.map((row) => ({
      id: row.id,
      clientId: row.client_id,
      clientName: `${row.first_name} ${row.last_name}`,
      clientEmail: row.email,
      entityId: row.entity_id,
      country: row.country,
      kind: row.kind,
      status: row.status,
      riskLevel: row.risk_level,
      assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name } : null,
      submittedAt: row.submitted_at,
      ageMs: row.submitted_at ? now.getTime() - row.submitted_at.getTime() : null,
      sla: liveSla(ctx, row, now),
      version: row.version,
    })),
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    nextCursor: rows.length > KYC_QUEUE_PAGE && last ? encode({ at: lastKey ? lastKey.toISOString() : null, id: last.id }) : null,
  };
}
