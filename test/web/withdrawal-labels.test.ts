/**
 * The back office's withdrawal actions are mirrored from the withdrawal
 * machine (web/src/backoffice/payments/withdrawal-labels.ts): each role is
 * offered exactly the events the machine lets it fire from the state; and the
 * words the client reads for a decline reason are the server's.
 */
import { describe, expect, it } from 'vitest';
import { WITHDRAWAL_DECLINE_REASONS, withdrawalMachine } from '../../src/domain/machines/withdrawal-machine';
import { STAFF_ROLES } from '../../src/domain/roles';
import { STAFF_WITHDRAWAL_EVENTS } from '../../src/usecases/withdrawals/act-on-withdrawal';
import { DECLINE_REASON_TEXT } from '../../src/usecases/withdrawals/withdrawal-views';
import type { WithdrawalStepView } from '../../web/src/api/withdrawal-types';
import {
  DECLINE_REASON_LABELS,
  eventsOpenTo,
  fourEyesConflict,
  noteRequired,
  reasonRequired,
  STAFF_EVENTS,
  WITHDRAWAL_STATUS_LABELS,
} from '../../web/src/backoffice/payments/withdrawal-labels';
import { en } from '../../web/src/i18n/en';

describe('withdrawal actions mirrored from the machine', () => {
  it('knows every staff event and every state', () => {
    expect([...STAFF_EVENTS].sort()).toEqual([...STAFF_WITHDRAWAL_EVENTS].sort());
    expect(Object.keys(WITHDRAWAL_STATUS_LABELS).sort()).toEqual([...withdrawalMachine.stateNames].sort());
  });

  it('offers each role exactly what the machine lets it fire, state by state', () => {
    for (const state of withdrawalMachine.stateNames) {
      for (const role of STAFF_ROLES) {
        const expected = STAFF_WITHDRAWAL_EVENTS.filter((event) => withdrawalMachine.can(state, event) && withdrawalMachine.firersFor(state, event).includes(role));
        // Returns are offered only to the escalated stage or earlier; from a finance escalation every return is open.
        expect(eventsOpenTo([role], state, 'finance').sort(), `${role} in ${state}`).toEqual([...expected].sort());
      }
    }
  });

  it('offers the stage each role owns, and no other', () => {
    expect(eventsOpenTo(['support'], 'submitted', null)).toEqual(['start_review', 'decline']);
    expect(eventsOpenTo(['compliance'], 'submitted', null)).toEqual([]);
    expect(eventsOpenTo(['compliance'], 'compliance_review', null)).toEqual(['compliance_approve', 'escalate', 'decline']);
    expect(eventsOpenTo(['finance'], 'finance_review', null)).toEqual(['finance_approve', 'finance_refer', 'escalate', 'decline']);
    expect(eventsOpenTo(['finance'], 'payout_pending', null)).toEqual(['confirm_paid', 'payout_failed']);
    expect(eventsOpenTo(['finance'], 'paid', null)).toEqual(['payout_returned']);
    expect(eventsOpenTo(['support', 'compliance'], 'declined', null)).toEqual([]);
  });

  it('returns an escalation only to its stage or an earlier one', () => {
    expect(eventsOpenTo(['supervisor'], 'escalated', 'compliance')).toEqual(['return_to_support', 'return_to_compliance', 'decline']);
    expect(eventsOpenTo(['supervisor'], 'escalated', 'support')).toEqual(['return_to_support', 'decline']);
  });

  it('asks for a note where the machine requires one, and always of a supervisor', () => {
    expect(noteRequired(['support'], 'support_review', 'support_approve')).toBe(false);
    expect(noteRequired(['finance'], 'finance_review', 'finance_refer')).toBe(true);
    expect(noteRequired(['supervisor'], 'supervisor_review', 'supervisor_approve')).toBe(true);
    expect(noteRequired(['supervisor'], 'escalated', 'decline')).toBe(true);
    expect(noteRequired(['finance'], 'payout_pending', 'confirm_paid')).toBe(true);
    expect(reasonRequired('decline')).toBe(true);
    expect(reasonRequired('payout_returned')).toBe(true);
    expect(reasonRequired('finance_approve')).toBe(false);
  });

  it('reads the four-eyes rule from the history: another stage approved by the same person', () => {
    const step = (actorId: string, approvedStage: WithdrawalStepView['approvedStage']): WithdrawalStepView => ({
      stageSla: null, event: 'x', fromStatus: null, toStatus: 'submitted', actorType: 'staff', actorId, actorName: null, approvedStage, reason: null, note: null, elapsedMs: null, at: '2026-01-01T00:00:00Z',
    });
    const steps = [step('ann', 'support'), step('bob', 'compliance')];
    expect(fourEyesConflict(steps, 'ann', 'compliance_approve')).toBe('support');
    expect(fourEyesConflict(steps, 'bob', 'compliance_approve')).toBeNull();
    expect(fourEyesConflict(steps, 'carl', 'finance_approve')).toBeNull();
    expect(fourEyesConflict(steps, 'ann', 'decline')).toBeNull();
  });
});

describe('decline reasons', () => {
  it('has staff words for every reason, and the client reads the server’s sentence for each', () => {
    for (const code of WITHDRAWAL_DECLINE_REASONS) {
      expect(DECLINE_REASON_LABELS[code]).toBeTruthy();
      expect((en as Record<string, string>)[`withdrawalReason.${code}`], code).toBe(DECLINE_REASON_TEXT[code]);
    }
  });
});
