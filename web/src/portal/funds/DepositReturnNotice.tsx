import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconClockHour4, IconHourglass, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { PortalDeposit } from '../../api/types';
import { t } from '../../i18n';
import { formatMoney } from '../../lib/money';
import { depositReasonText, isAwaitingConfirmation } from './deposit-status';

const POLL_MS = 2000;
const MAX_POLLS = 30;

interface DepositReturnNoticeProps {
  depositId: string;
  deposits: PortalDeposit[] | undefined;
  /** Reloads the deposits (the notice polls through it while the provider has not confirmed). */
  refreshDeposits: () => void;
  /** Reloads the balances once the deposit has an outcome. */
  refreshBalances: () => void;
  onDismiss: () => void;
}

/**
 * Back from the provider's payment page (`/funds?deposit=…`): "we are
 * confirming your payment" while the provider's signed callback has not
 * arrived, checking every few seconds; then the outcome, and the balances
 * are refreshed.
 */
export function DepositReturnNotice({ depositId, deposits, refreshDeposits, refreshBalances, onDismiss }: DepositReturnNoticeProps) {
  const deposit = deposits?.find((d) => d.id === depositId);
  const waiting = deposits === undefined || (deposit !== undefined && isAwaitingConfirmation(deposit));
  const [polls, setPolls] = useState(0);
  const gaveUp = polls >= MAX_POLLS;

  useEffect(() => {
    if (!waiting || gaveUp) return;
    const timer = window.setTimeout(() => {
      setPolls((n) => n + 1);
      refreshDeposits();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, gaveUp, polls, refreshDeposits]);

  const status = deposit?.status;
  const refreshedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!status || isAwaitingConfirmation({ status }) || refreshedFor.current === status) return;
    refreshedFor.current = status;
    refreshBalances();
  }, [status, refreshBalances]);

  if (deposits !== undefined && !deposit) {
    return <Notice color="gray" icon={<IconX size={18} />} state="not_found" onDismiss={onDismiss}>{t('deposit.return.notFound')}</Notice>;
  }
  if (!deposit && gaveUp) {
    // The deposits could not be read for a minute (network, server): say so rather than spin.
    return <Notice color="orange" icon={<IconClockHour4 size={18} />} state="unknown" onDismiss={onDismiss}>{t('deposit.return.unknown')}</Notice>;
  }
  if (!deposit || (waiting && !gaveUp)) {
    return (
      <Notice color="blue" icon={<Loader size={18} />} state="confirming" title={t('deposit.return.confirming')} onDismiss={onDismiss}>
        {t('deposit.return.confirmingDetail')}
      </Notice>
    );
  }
  const amount = formatMoney(deposit.amountMinor, deposit.currency);
  if (deposit.status === 'credited') {
    return <Notice color="green" icon={<IconCircleCheck size={18} />} state="credited" onDismiss={onDismiss}>{t('deposit.return.credited', { amount })}</Notice>;
  }
  if (deposit.status === 'under_review') {
    return <Notice color="violet" icon={<IconHourglass size={18} />} state="under_review" onDismiss={onDismiss}>{t('deposit.return.underReview', { amount })}</Notice>;
  }
  if (deposit.status === 'failed') {
    const reason = depositReasonText(deposit.reason);
    return (
      <Notice color="red" icon={<IconX size={18} />} state="failed" onDismiss={onDismiss}>
        {[t('deposit.return.failed', { amount }), reason].filter(Boolean).join(' ')}
      </Notice>
    );
  }
  // Still waiting after a minute: the client may have left the payment page without paying.
  return (
    <Notice color="orange" icon={<IconClockHour4 size={18} />} state="pending" onDismiss={onDismiss}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{t('deposit.return.pending', { amount })}</Text>
        <Button size="compact-sm" variant="white" color="orange" onClick={() => { setPolls(0); refreshDeposits(); }}>
          {t('deposit.return.checkAgain')}
        </Button>
      </Stack>
    </Notice>
  );
}

function Notice({ color, icon, state, title, onDismiss, children }: { color: string; icon: ReactNode; state: string; title?: string; onDismiss: () => void; children: ReactNode }) {
  return (
    <Alert
      color={color}
      variant="light"
      icon={icon}
      title={title}
      withCloseButton
      closeButtonLabel={t('deposit.return.dismiss')}
      onClose={onDismiss}
      role="status"
      aria-live="polite"
      data-testid="deposit-return"
      data-state={state}
    >
      {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
    </Alert>
  );
}
