/**
 * The end-of-run check, read from the database the real use cases wrote:
 * every simulated deposit is credited, failed (or rejected) or under review;
 * the database holds exactly the deposits the model created; the ledger
 * verifies. Counts and sums only.
 */
import { verifyLedger } from '../persistence/ledger/verify-ledger';
import type { AppContext } from '../usecases/app-context';

export interface DepositReconciliation {
  created: number;
  inDatabase: number;
  /** Credited to the wallet (including those later charged back). */
  credited: number;
  chargedBack: number;
  failed: number;
  rejected: number;
  underReview: number;
  /** Anything else (still awaiting the provider…): must be 0. */
  unsettled: number;
  creditedMinorByCurrency: Record<string, string>;
}

export interface Reconciliation {
  deposits: DepositReconciliation;
  withdrawalsByStatus: Record<string, number>;
  kycCasesByStatus: Record<string, number>;
  ledgerVerified: boolean;
  ok: boolean;
  problems: string[];
}

const CREDITED = new Set(['credited', 'refunded', 'chargeback']);

function sorted(rows: { status: string; n: unknown }[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
}

export async function reconcile(ctx: AppContext, depositsCreated: number): Promise<Reconciliation> {
  const deposits = await ctx.db
    .selectFrom('deposit')
    .select(['status', 'currency', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum<string>('amount_minor').as('total')])
    .groupBy(['status', 'currency'])
    .execute();
  const d: DepositReconciliation = { created: depositsCreated, inDatabase: 0, credited: 0, chargedBack: 0, failed: 0, rejected: 0, underReview: 0, unsettled: 0, creditedMinorByCurrency: {} };
  const credited = new Map<string, bigint>();
  for (const row of deposits) {
    const n = Number(row.n);
    d.inDatabase += n;
    if (CREDITED.has(row.status)) {
      d.credited += n;
      if (row.status === 'chargeback') d.chargedBack += n;
      credited.set(row.currency, (credited.get(row.currency) ?? 0n) + BigInt(row.total ?? '0'));
    } else if (row.status === 'failed') d.failed += n;
    else if (row.status === 'rejected') d.rejected += n;
    else if (row.status === 'under_review' || row.status === 'escalated') d.underReview += n;
    else d.unsettled += n;
  }
  d.creditedMinorByCurrency = Object.fromEntries([...credited].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, v]) => [c, String(v)]));
  const withdrawals = await ctx.db.selectFrom('withdrawal').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const cases = await ctx.db.selectFrom('kyc_case').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const ledger = await verifyLedger(ctx.db);
  const problems: string[] = [];
  if (d.inDatabase !== d.created) problems.push(`the model created ${d.created} deposits, the database holds ${d.inDatabase}`);
  if (d.unsettled > 0) problems.push(`${d.unsettled} deposits are neither credited, failed nor under review`);
  if (d.credited + d.failed + d.rejected + d.underReview + d.unsettled !== d.inDatabase) problems.push('deposit categories do not add up');
  if (!ledger.ok) problems.push('the ledger does not verify');
  return { deposits: d, withdrawalsByStatus: sorted(withdrawals), kycCasesByStatus: sorted(cases), ledgerVerified: ledger.ok, ok: problems.length === 0, problems };
}
