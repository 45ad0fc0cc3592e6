import { describe, expect, it } from 'vitest';
import { depositMachine } from '../../../src/domain/machines/deposit-machine';
import { withdrawalMachine } from '../../../src/domain/machines/withdrawal-machine';
import {
  CLIENT_DEPOSIT_STATUSES,
  CLIENT_WITHDRAWAL_STATUSES,
  clientDepositStatus,
  clientWithdrawalStatus,
} from '../../../src/domain/payments/client-payment-statuses';

describe('client-facing payment statuses', () => {
  it('maps every deposit state', () => {
    expect(Object.fromEntries(depositMachine.stateNames.map((s) => [s, clientDepositStatus(s)]))).toEqual({
      pending: 'pending',
      awaiting_payment: 'pending',
      confirmed: 'processing',
      under_review: 'under_review',
      escalated: 'under_review',
      credited: 'credited',
      rejected: 'failed',
      failed: 'failed',
      cancelled: 'failed',
      expired: 'failed',
      refunded: 'refunded',
      chargeback: 'charged_back',
    });
  });

  it('maps every withdrawal state', () => {
    expect(Object.fromEntries(withdrawalMachine.stateNames.map((s) => [s, clientWithdrawalStatus(s)]))).toEqual({
      submitted: 'submitted',
      support_review: 'under_review',
      compliance_review: 'under_review',
      finance_review: 'under_review',
      supervisor_review: 'under_review',
      escalated: 'under_review',
      payout_pending: 'approved',
      paid: 'paid',
      declined: 'declined',
      cancelled: 'cancelled',
    });
  });

  it('uses every status the issue names, and no other', () => {
    expect(new Set(depositMachine.stateNames.map(clientDepositStatus))).toEqual(new Set(CLIENT_DEPOSIT_STATUSES));
    expect(new Set(withdrawalMachine.stateNames.map(clientWithdrawalStatus))).toEqual(new Set(CLIENT_WITHDRAWAL_STATUSES));
  });

  it('a returned payout shows as under review again; a payout in flight as approved', () => {
    const returned = withdrawalMachine.transition('paid', 'payout_returned', { by: 'provider', reason: 'account_closed' });
    expect(clientWithdrawalStatus(returned.to)).toBe('under_review');
    expect(clientWithdrawalStatus('payout_pending')).toBe('approved');
  });
});
