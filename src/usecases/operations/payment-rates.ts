/**
 * Payment rates in a period, counted by the database:
 * - deposit auto-credit rate: of the deposits the provider confirmed in the
 *   period, those the review rules credited at once (no rule hit);
 * - deposit failure rate: of the deposits started in the period, those failed;
 * - chargeback rate: of the deposits credited in the period, those now charged back;
 * - payout failure rate: of the payout attempts started in the period, those failed;
 * - payout return rate: of those attempts that were paid, those returned afterwards.
 * Each comes with its counts, so "0 of 0" is shown as no rate, never 0 %.
 */
import { sql } from 'kysely';
import { rate } from '../../domain/operations/duration-buckets';
import type { ReportPeriod } from '../../domain/operations/report-period';
import type { AppContext } from '../app-context';
import { inEntities } from './operations-scope';

export interface RateFigure {
  part: number;
  whole: number;
  /** part ÷ whole, null when whole is 0. */
  rate: number | null;
}

export interface PaymentRates {
  depositAutoCredit: RateFigure;
  depositFailure: RateFigure;
  depositChargeback: RateFigure;
  payoutFailure: RateFigure;
  payoutReturn: RateFigure;
}


const figure = (part: bigint | undefined, whole: bigint | undefined): RateFigure => ({ part: Number(part ?? 0), whole: Number(whole ?? 0), rate: rate(Number(part ?? 0), Number(whole ?? 0)) });

export async function paymentRates(ctx: AppContext, entityIds: string[] | null, period: ReportPeriod): Promise<PaymentRates> {
  const { start, end } = period;
  const within = (column: string) => sql`(${sql.ref(column)} >= ${start} and ${sql.ref(column)} < ${end})`;
  const { rows: [deposits] } = await sql<Record<'created' | 'failed' | 'confirmed' | 'auto_credited' | 'credited' | 'charged_back', bigint>>`
    select
      count(*) filter (where ${within('created_at')}) as created,
      count(*) filter (where ${within('created_at')} and status = 'failed') as failed,
      count(*) filter (where ${within('confirmed_at')}) as confirmed,
      count(*) filter (where ${within('confirmed_at')} and rule_hits = '[]'::jsonb) as auto_credited,
      count(*) filter (where ${within('credited_at')}) as credited,
      count(*) filter (where ${within('credited_at')} and status = 'chargeback') as charged_back
    from deposit
    where (${within('created_at')} or ${within('confirmed_at')} or ${within('credited_at')}) and ${inEntities('entity_id', entityIds)}`.execute(ctx.db);
  const { rows: [payouts] } = await sql<Record<'attempts' | 'failed' | 'paid' | 'returned', bigint>>`
    select count(*) as attempts,
      count(*) filter (where p.status = 'failed') as failed,
      count(*) filter (where p.status in ('paid', 'returned')) as paid,
      count(*) filter (where p.status = 'returned') as returned
    from withdrawal_payout p join withdrawal w on w.id = p.withdrawal_id
    where p.created_at >= ${start} and p.created_at < ${end} and ${inEntities('w.entity_id', entityIds)}`.execute(ctx.db);
  return {
    depositAutoCredit: figure(deposits?.auto_credited, deposits?.confirmed),
    depositFailure: figure(deposits?.failed, deposits?.created),
    depositChargeback: figure(deposits?.charged_back, deposits?.credited),
    payoutFailure: figure(payouts?.failed, payouts?.attempts),
    payoutReturn: figure(payouts?.returned, payouts?.paid),
  };
}
