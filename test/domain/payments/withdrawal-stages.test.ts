import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { withdrawalMachine } from '../../../src/domain/machines/withdrawal-machine';
import {
  APPROVAL_STAGE_OF_EVENT,
  BASE_WITHDRAWAL_STAGES,
  WITHDRAWAL_STAGE_SLA_TARGET,
  WITHDRAWAL_STAGES,
  withdrawalStageOfState,
} from '../../../src/domain/payments/withdrawal-stages';

const config = loadConfig();

describe('withdrawal stages and the withdrawal machine', () => {
  it('maps every state', () => {
    expect(Object.fromEntries(withdrawalMachine.stateNames.map((s) => [s, withdrawalStageOfState(s)]))).toEqual({
      submitted: null,
      support_review: 'support',
      compliance_review: 'compliance',
      finance_review: 'finance',
      supervisor_review: 'supervisor',
      escalated: null,
      payout_pending: 'payout',
      paid: null,
      declined: null,
      cancelled: null,
    });
  });

  it('every approving event (one carrying four_eyes) signs off the stage of its from-state', () => {
    const approving = withdrawalMachine.eventNames.filter((e) => withdrawalMachine.events[e].guards?.includes('four_eyes'));
    expect(approving.sort()).toEqual(Object.keys(APPROVAL_STAGE_OF_EVENT).sort());
    for (const event of approving) {
      for (const from of withdrawalMachine.events[event].from) expect(withdrawalStageOfState(from)).toBe(APPROVAL_STAGE_OF_EVENT[event]);
    }
  });

  it('the base stages are the first three, in order', () => {
    expect(BASE_WITHDRAWAL_STAGES).toEqual(WITHDRAWAL_STAGES.slice(0, 3));
  });

  it('every stage and the payout have a service target in the demo configuration', () => {
    for (const target of Object.values(WITHDRAWAL_STAGE_SLA_TARGET)) expect(config.sla.targets[target]?.workingHours).toBeGreaterThan(0);
  });
});
