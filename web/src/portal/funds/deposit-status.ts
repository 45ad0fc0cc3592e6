/** Words and colours of the client-facing deposit statuses and reasons. */
import type { ClientDepositStatus, PortalDeposit } from '../../api/types';
import { t, tOptional } from '../../i18n';
import { humanize } from '../../lib/format';

const COLORS: Record<ClientDepositStatus, string> = {
  pending: 'gray',
  processing: 'blue',
  credited: 'green',
  under_review: 'violet',
  failed: 'red',
  refunded: 'orange',
  charged_back: 'red',
};

export function depositStatusColor(status: string): string {
  return COLORS[status as ClientDepositStatus] ?? 'gray';
}

export function depositStatusLabel(status: string): string {
  return tOptional(`depositStatus.${status}`) ?? humanize(status);
}

/** Waiting for the provider to tell us: the return page keeps checking. */
export function isAwaitingConfirmation(deposit: Pick<PortalDeposit, 'status'>): boolean {
  return deposit.status === 'pending' || deposit.status === 'processing';
}

/**
 * Why a deposit failed, for the client: a known code in our words; a
 * provider's own sentence ("Your card was declined.") as it is.
 */
export function depositReasonText(reason: string | null): string | null {
  if (!reason) return null;
  if (/^[a-z][a-z0-9_]*$/.test(reason)) return tOptional(`depositReason.${reason}`) ?? t('depositReason.default');
  return reason;
}
