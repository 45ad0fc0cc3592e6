/**
 * Which stages a withdrawal must pass, and why (SPEC §2, §3, §6). Decided
 * when the request is created and stored with it, so a later config change
 * does not silently move a request already in flight.
 *
 * support → compliance → finance always. A supervisor step is added for each
 * rule of `config.reviewRules.withdrawals` that fires; every reason is one:
 * - amount_over_threshold: strictly over `supervisorOverMinor` for the
 *   currency; a currency with no threshold is treated as over (fail closed).
 * - method_differs_from_deposit: `supervisorWhenMethodDiffers` and no method
 *   the client deposited with has the same id or the same kind (a card
 *   refund to a card is not "different"); no deposit on record also counts.
 * - recent_deposit_not_traded: `recentDepositNotTradedDays` > 0, the last
 *   deposit is within that many days, and the client has not traded since
 *   (deposit-and-withdraw is the classic laundering / card cash-out pattern).
 * - high_risk_client: risk level in `supervisorRiskLevels`.
 *
 * Four eyes: one person never approves two stages of the same withdrawal
 * (`fourEyesViolation`, the machine's `four_eyes` guard).
 */
import type { TraderoomConfig } from '../../config/schema';
import type { PaymentMethodKind, RiskLevel } from '../../config/vocabulary';
import { formatMoney, type Money, money } from '../ledger/money';
import { BASE_WITHDRAWAL_STAGES, type WithdrawalStage } from './withdrawal-stages';

export const WITHDRAWAL_REASON_CODES = [
  'amount_over_threshold',
  'method_differs_from_deposit',
  'recent_deposit_not_traded',
  'high_risk_client',
] as const;
export type WithdrawalReasonCode = (typeof WITHDRAWAL_REASON_CODES)[number];

export interface WithdrawalReason {
  code: WithdrawalReasonCode;
  /** For staff, never for the client. */
  detail: string;
}

export interface WithdrawalPlan {
  stages: WithdrawalStage[];
  reasons: WithdrawalReason[];
}

export interface PaymentMethodRef {
  id: string;
  kind: PaymentMethodKind;
}

export interface WithdrawalPlanInput {
  amount: Money;
  method: PaymentMethodRef;
  /** Distinct methods of the client's credited deposits. */
  depositMethodsUsed: readonly PaymentMethodRef[];
  client: { riskLevel: RiskLevel };
  /** When the client's last credited deposit was credited; null when none. */
  lastDepositAt: Date | null;
  tradedSinceLastDeposit: boolean;
  now: Date;
}

const DAY_MS = 86_400_000;

function overThreshold(config: TraderoomConfig, amount: Money): string | undefined {
  const minor = config.reviewRules.withdrawals.supervisorOverMinor[amount.currency];
  if (minor === undefined) return `No supervisor threshold is configured for ${amount.currency}`;
  const threshold = money(BigInt(minor), amount.currency);
  if (amount.amountMinor <= threshold.amountMinor) return undefined;
  return `${formatMoney(amount)} is over the supervisor threshold of ${formatMoney(threshold)}`;
}

function methodDiffers(input: WithdrawalPlanInput): string | undefined {
  const { method, depositMethodsUsed } = input;
  if (depositMethodsUsed.length === 0) return `No deposit on record; withdrawal to ${method.id}`;
  if (depositMethodsUsed.some((used) => used.id === method.id || used.kind === method.kind)) return undefined;
  return `Withdrawal to ${method.id} (${method.kind}); deposits came by ${depositMethodsUsed.map((m) => `${m.id} (${m.kind})`).join(', ')}`;
}

function depositNotTraded(days: number, input: WithdrawalPlanInput): string | undefined {
  const { lastDepositAt, now } = input;
  if (days <= 0 || lastDepositAt === null || input.tradedSinceLastDeposit) return undefined;
  if (now.getTime() - lastDepositAt.getTime() > days * DAY_MS) return undefined;
  return `Last deposit on ${lastDepositAt.toISOString().slice(0, 10)}, within ${days} days, and no trading since`;
}

export function withdrawalStages(config: TraderoomConfig, input: WithdrawalPlanInput): WithdrawalPlan {
  const rules = config.reviewRules.withdrawals;
  const reasons: WithdrawalReason[] = [];
  const add = (code: WithdrawalReasonCode, detail: string | undefined) => {
    if (detail !== undefined) reasons.push({ code, detail });
  };
  add('amount_over_threshold', overThreshold(config, input.amount));
  if (rules.supervisorWhenMethodDiffers) add('method_differs_from_deposit', methodDiffers(input));
  add('recent_deposit_not_traded', depositNotTraded(rules.recentDepositNotTradedDays, input));
  if (rules.supervisorRiskLevels.includes(input.client.riskLevel)) add('high_risk_client', `The client's risk level is ${input.client.riskLevel}`);
  const stages: WithdrawalStage[] = [...BASE_WITHDRAWAL_STAGES];
  if (reasons.length > 0) stages.push('supervisor');
  return { stages, reasons };
}

/**
 * Verdict for the machine's `supervisor_required` guard on `finance_approve`:
 * a plan with a supervisor stage must go through `finance_refer` instead.
 */
export function supervisorRequiredGuard(plan: Pick<WithdrawalPlan, 'stages'>): string | null {
  return plan.stages.includes('supervisor') ? 'This withdrawal needs a supervisor\'s approval: refer it to a supervisor' : null;
}

export interface StageApproval {
  stage: WithdrawalStage;
  staffId: string;
}

/**
 * Verdict for the `four_eyes` guard: a message when `staffId` already
 * approved a stage of this withdrawal other than `stage`, else null.
 * Approving the same stage again (after an escalation is returned or a payout
 * fails back to finance) is allowed. Without `stage`, any earlier approval by
 * this person refuses: the strict reading, for callers that cannot say.
 */
export function fourEyesViolation(approvals: readonly StageApproval[], staffId: string, stage?: WithdrawalStage): string | null {
  const earlier = approvals.find((a) => a.staffId === staffId && a.stage !== stage);
  if (earlier === undefined) return null;
  return `You approved the ${earlier.stage} stage of this withdrawal: another person must approve this stage`;
}
