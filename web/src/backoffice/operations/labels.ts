/** Names of the operations view's queues and rates. */
export const QUEUE_LABELS: Record<string, string> = {
  kyc_review: 'KYC review',
  deposit_review: 'Deposits in review',
  withdrawal_support: 'Withdrawals · support',
  withdrawal_compliance: 'Withdrawals · compliance',
  withdrawal_finance: 'Withdrawals · finance',
  withdrawal_supervisor: 'Withdrawals · supervisor',
  withdrawal_escalated: 'Withdrawals · escalated',
  withdrawal_payout: 'Withdrawals · payout',
  platform_exceptions: 'Platform exceptions',
  reconciliation_breaks: 'Reconciliation breaks',
  platform_sync_failures: 'Platform sync failures',
};

export const STAGE_LABELS: Record<string, string> = {
  withdrawal_support: 'Support',
  withdrawal_compliance: 'Compliance',
  withdrawal_finance: 'Finance',
  withdrawal_supervisor: 'Supervisor',
  withdrawal_escalated: 'Escalated',
  withdrawal_payout: 'Payout',
};

export const RATE_LABELS: Record<string, { title: string; of: string }> = {
  depositAutoCredit: { title: 'Deposit auto-credit rate', of: 'confirmed deposits credited without review' },
  depositFailure: { title: 'Deposit failure rate', of: 'deposits started that failed' },
  depositChargeback: { title: 'Chargeback rate', of: 'credited deposits charged back' },
  payoutFailure: { title: 'Payout failure rate', of: 'payout attempts that failed' },
  payoutReturn: { title: 'Payout return rate', of: 'paid payouts returned' },
};

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}
