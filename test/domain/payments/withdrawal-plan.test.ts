import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import type { TraderoomConfig } from '../../../src/config/schema';
import { PAYMENT_METHOD_KINDS, RISK_LEVELS } from '../../../src/config/vocabulary';
import { money, parseMoney } from '../../../src/domain/ledger/money';
import { withdrawalMachine } from '../../../src/domain/machines/withdrawal-machine';
import {
  fourEyesViolation,
  type StageApproval,
  supervisorRequiredGuard,
  type WithdrawalPlanInput,
  withdrawalStages,
} from '../../../src/domain/payments/withdrawal-plan';
import { WITHDRAWAL_STAGES } from '../../../src/domain/payments/withdrawal-stages';

const FC = { seed: 20_260_506, numRuns: 300 };
const config = loadConfig();
const NOW = new Date('2026-05-04T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const card = { id: 'eu_card', kind: 'card' as const };
const sepa = { id: 'eu_sepa', kind: 'local_bank_transfer' as const };
const wire = { id: 'eu_wire', kind: 'wire' as const };

/** €1,000 back to the card the client deposited with, traded since, low risk: the three base stages only. */
const plain: WithdrawalPlanInput = {
  amount: parseMoney('1000.00', 'EUR'),
  method: card,
  depositMethodsUsed: [card],
  client: { riskLevel: 'low' },
  lastDepositAt: daysAgo(3),
  tradedSinceLastDeposit: true,
  now: NOW,
};
const input = (overrides: Partial<WithdrawalPlanInput>): WithdrawalPlanInput => ({ ...plain, ...overrides });
const BASE = ['support', 'compliance', 'finance'];
const WITH_SUPERVISOR = [...BASE, 'supervisor'];

describe('withdrawalStages on the demo configuration', () => {
  it.each<[string, WithdrawalPlanInput, string[], string[]]>([
    ['a plain withdrawal', plain, BASE, []],
    ['exactly at the supervisor threshold', input({ amount: parseMoney('20000.00', 'EUR') }), BASE, []],
    [
      'over the threshold',
      input({ amount: parseMoney('20000.01', 'EUR') }),
      WITH_SUPERVISOR,
      ['amount_over_threshold: 20000.01 EUR is over the supervisor threshold of 20000.00 EUR'],
    ],
    [
      'a currency without a threshold (fail closed)',
      input({ amount: parseMoney('10', 'GBP') }),
      WITH_SUPERVISOR,
      ['amount_over_threshold: No supervisor threshold is configured for GBP'],
    ],
    [
      'to a wire after depositing by card',
      input({ method: wire }),
      WITH_SUPERVISOR,
      ['method_differs_from_deposit: Withdrawal to eu_wire (wire); deposits came by eu_card (card)'],
    ],
    ['to a wire after depositing by card and by wire', input({ method: wire, depositMethodsUsed: [card, wire] }), BASE, []],
    ['same kind through another method id', input({ method: { id: 'other_card', kind: 'card' } }), BASE, []],
    [
      'no deposit on record',
      input({ depositMethodsUsed: [], lastDepositAt: null }),
      WITH_SUPERVISOR,
      ['method_differs_from_deposit: No deposit on record; withdrawal to eu_card'],
    ],
    [
      'a recent deposit not traded',
      input({ tradedSinceLastDeposit: false }),
      WITH_SUPERVISOR,
      ['recent_deposit_not_traded: Last deposit on 2026-05-01, within 30 days, and no trading since'],
    ],
    ['an old deposit not traded', input({ tradedSinceLastDeposit: false, lastDepositAt: daysAgo(31) }), BASE, []],
    ['exactly 30 days ago counts as recent', input({ tradedSinceLastDeposit: false, lastDepositAt: daysAgo(30) }), WITH_SUPERVISOR, [
      'recent_deposit_not_traded: Last deposit on 2026-04-04, within 30 days, and no trading since',
    ]],
    ['high-risk client', input({ client: { riskLevel: 'high' } }), WITH_SUPERVISOR, ["high_risk_client: The client's risk level is high"]],
    [
      'every reason, in the fixed order',
      input({ amount: parseMoney('50000', 'USD'), method: sepa, tradedSinceLastDeposit: false, client: { riskLevel: 'high' } }),
      WITH_SUPERVISOR,
      [
        'amount_over_threshold: 50000.00 USD is over the supervisor threshold of 20000.00 USD',
        'method_differs_from_deposit: Withdrawal to eu_sepa (local_bank_transfer); deposits came by eu_card (card)',
        'recent_deposit_not_traded: Last deposit on 2026-05-01, within 30 days, and no trading since',
        "high_risk_client: The client's risk level is high",
      ],
    ],
  ])('%s', (_name, i, stages, reasons) => {
    const plan = withdrawalStages(config, i);
    expect(plan.stages).toEqual(stages);
    expect(plan.reasons.map((r) => `${r.code}: ${r.detail}`)).toEqual(reasons);
  });

  it('follows the switches of the configuration', () => {
    const off: TraderoomConfig = {
      ...config,
      reviewRules: {
        ...config.reviewRules,
        withdrawals: { ...config.reviewRules.withdrawals, supervisorWhenMethodDiffers: false, recentDepositNotTradedDays: 0, supervisorRiskLevels: [] },
      },
    };
    const i = input({ method: wire, tradedSinceLastDeposit: false, client: { riskLevel: 'high' } });
    expect(withdrawalStages(off, i)).toEqual({ stages: BASE, reasons: [] });
    expect(withdrawalStages(config, i).reasons).toHaveLength(3);
  });
});

describe('withdrawalStages properties', () => {
  const method = fc.record({ id: fc.constantFrom('eu_card', 'eu_sepa', 'eu_wire', 'x'), kind: fc.constantFrom(...PAYMENT_METHOD_KINDS) });
  const planInput = fc.record({
    amount: fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.constantFrom('EUR', 'USD')).map(([m, c]) => money(m, c)),
    method,
    depositMethodsUsed: fc.array(method, { maxLength: 3 }),
    client: fc.record({ riskLevel: fc.constantFrom(...RISK_LEVELS) }),
    lastDepositAt: fc.option(fc.integer({ min: 0, max: 90 }).map(daysAgo), { nil: null }),
    tradedSinceLastDeposit: fc.boolean(),
    now: fc.constant(NOW),
  });

  it('always support → compliance → finance, with a supervisor exactly when there is a reason', () => {
    fc.assert(
      fc.property(planInput, (i) => {
        const plan = withdrawalStages(config, i);
        expect(plan.stages.slice(0, 3)).toEqual(BASE);
        expect(plan.stages.includes('supervisor')).toBe(plan.reasons.length > 0);
        expect(new Set(plan.reasons.map((r) => r.code)).size).toBe(plan.reasons.length);
        expect(supervisorRequiredGuard(plan) === null).toBe(plan.reasons.length === 0);
      }),
      FC,
    );
  });
});

describe('the plan drives the withdrawal machine', () => {
  it('finance_approve is refused when a supervisor is required; finance_refer is the way on', () => {
    const plan = withdrawalStages(config, input({ client: { riskLevel: 'high' } }));
    const guardResults = { four_eyes: null, supervisor_required: supervisorRequiredGuard(plan), hold_covers_amount: null };
    expect(() => withdrawalMachine.transition('finance_review', 'finance_approve', { by: 'finance', guardResults })).toThrow(
      "This withdrawal needs a supervisor's approval: refer it to a supervisor",
    );
    expect(withdrawalMachine.transition('finance_review', 'finance_refer', { by: 'finance', note: 'high risk', guardResults }).to).toBe(
      'supervisor_review',
    );
    const clear = { ...guardResults, supervisor_required: supervisorRequiredGuard(withdrawalStages(config, plain)) };
    expect(withdrawalMachine.transition('finance_review', 'finance_approve', { by: 'finance', guardResults: clear }).to).toBe('payout_pending');
  });
});

describe('fourEyesViolation', () => {
  const approvals: StageApproval[] = [
    { stage: 'support', staffId: 'ann' },
    { stage: 'compliance', staffId: 'bob' },
  ];
  const again = 'You approved the support stage of this withdrawal: another person must approve this stage';
  it.each<[string, StageApproval[], string, (typeof WITHDRAWAL_STAGES)[number] | undefined, string | null]>([
    ['a new person', approvals, 'cat', 'finance', null],
    ['the support approver at finance', approvals, 'ann', 'finance', again],
    ['the compliance approver at supervisor', approvals, 'bob', 'supervisor', 'You approved the compliance stage of this withdrawal: another person must approve this stage'],
    ['the support approver again at support (returned escalation)', approvals, 'ann', 'support', null],
    ['the support approver, stage unknown (strict)', approvals, 'ann', undefined, again],
    ['nobody approved yet', [], 'ann', 'support', null],
  ])('%s', (_name, list, staffId, stage, expected) => {
    expect(fourEyesViolation(list, staffId, stage)).toBe(expected);
  });

  it('one person never ends up approving two stages', () => {
    const staff = fc.constantFrom('ann', 'bob', 'cat', 'dan');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...WITHDRAWAL_STAGES), staff), { maxLength: 20 }), (attempts) => {
        const approvals: StageApproval[] = [];
        for (const [stage, staffId] of attempts) {
          if (fourEyesViolation(approvals, staffId, stage) === null) approvals.push({ stage, staffId });
        }
        const stagesBy = new Map<string, Set<string>>();
        for (const a of approvals) stagesBy.set(a.staffId, (stagesBy.get(a.staffId) ?? new Set()).add(a.stage));
        for (const stages of stagesBy.values()) expect(stages.size).toBe(1);
      }),
      FC,
    );
  });
});
