/** Words and colours of the client-facing withdrawal statuses, decline reasons and destination kinds. */
import type { ClientWithdrawalStatus, PortalWithdrawal } from '../../api/withdrawal-types';
import { t, tOptional } from '../../i18n';
import { formatDate, humanize } from '../../lib/format';

const COLORS: Record<ClientWithdrawalStatus, string> = {
  submitted: 'gray',
  under_review: 'violet',
  approved: 'blue',
  paid: 'green',
  declined: 'red',
  cancelled: 'gray',
};

export function withdrawalStatusColor(status: string): string {
  return COLORS[status as ClientWithdrawalStatus] ?? 'gray';
}

export function withdrawalStatusLabel(status: string): string {
  return tOptional(`withdrawalStatus.${status}`) ?? humanize(status);
}

/** What the status means for the client now ("You can cancel it until we start checking it"). */
export function withdrawalHint(withdrawal: Pick<PortalWithdrawal, 'status' | 'paidAt'>): string | null {
  if (withdrawal.status === 'paid') return withdrawal.paidAt ? t('withdrawalHint.paid', { date: formatDate(withdrawal.paidAt) }) : null;
  return tOptional(`withdrawalHint.${withdrawal.status}`) ?? null;
}

/** Why it was declined: the reason code in our words (translatable), else the server's sentence. */
export function withdrawalReasonText(withdrawal: Pick<PortalWithdrawal, 'status' | 'reason' | 'reasonCode'>): string | null {
  if (withdrawal.status !== 'declined') return null;
  return (withdrawal.reasonCode ? tOptional(`withdrawalReason.${withdrawal.reasonCode}`) : undefined) ?? withdrawal.reason;
}

export function destinationKindLabel(kind: string): string {
  return tOptional(`destinationKind.${kind}`) ?? humanize(kind);
}
