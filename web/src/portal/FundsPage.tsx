import { Grid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router-dom';
import { portalApi } from '../api/portal';
import type { PayoutDestinationKind } from '../api/withdrawal-types';
import { portalWithdrawalApi } from '../api/withdrawals';
import { useLoad } from '../hooks/useLoad';
import { t } from '../i18n';
import { BalancesCard } from './funds/BalancesCard';
import { DepositForm } from './funds/DepositForm';
import { DepositHistory } from './funds/DepositHistory';
import { DepositReturnNotice } from './funds/DepositReturnNotice';
import { AddDestinationModal } from './funds/AddDestinationModal';
import { PayoutDestinations } from './funds/PayoutDestinations';
import { WithdrawalHistory } from './funds/WithdrawalHistory';
import { WithdrawForm } from './funds/WithdrawForm';
import { useClientSession } from './session';

/**
 * `/funds`: the client's money. Balances per currency on top; then Deposit
 * with the deposits beside it, and Withdraw (with the payout destinations
 * withdrawals are paid to) with the withdrawals beside it.
 * Back from the provider's payment page (`?deposit=<id>`), a notice follows
 * that deposit until it has an outcome.
 */
export function FundsPage() {
  const { me, reload: reloadMe } = useClientSession();
  const [params, setParams] = useSearchParams();
  const returnedDeposit = params.get('deposit');
  const wallet = useLoad((signal) => portalApi.wallet(signal), []);
  const deposits = useLoad((signal) => portalApi.deposits(signal), []);
  const withdrawals = useLoad((signal) => portalWithdrawalApi.withdrawals(signal), []);
  const destinations = useLoad((signal) => portalWithdrawalApi.destinations(signal), []);
  const [addingKind, setAddingKind] = useState<PayoutDestinationKind | null>(null);
  const [addedDestinationId, setAddedDestinationId] = useState<string | null>(null);
  const methodNames = useMemo(() => new Map((me.capabilities?.paymentMethods ?? []).map((m) => [m.id, m.name])), [me.capabilities]);
  const clientName = `${me.client.firstName} ${me.client.lastName}`.trim();

  // Which methods the client may use change as KYC moves: read them fresh when the page opens.
  useEffect(() => reloadMe(), [reloadMe]);

  const dismiss = useCallback(
    () =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('deposit');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return (
    <Stack gap="lg" py="md">
      <div>
        <Title order={1} size="h2" data-testid="funds-title">
          {t('funds.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('funds.subtitle')}
        </Text>
      </div>

      {returnedDeposit && (
        <DepositReturnNotice
          key={returnedDeposit}
          depositId={returnedDeposit}
          deposits={deposits.data?.items}
          refreshDeposits={deposits.reload}
          refreshBalances={wallet.reload}
          onDismiss={dismiss}
        />
      )}

      <BalancesCard balances={wallet.data?.balances} loading={wallet.loading} error={wallet.error} onRetry={wallet.reload} />

      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5 }}>
          {me.capabilities ? <DepositForm capabilities={me.capabilities} /> : null}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DepositHistory
            deposits={deposits.data?.items}
            loading={deposits.loading}
            error={deposits.error}
            confirmingId={returnedDeposit}
            onRefresh={() => {
              deposits.reload();
              wallet.reload();
            }}
          />
        </Grid.Col>
      </Grid>

      <Grid gap="lg" align="flex-start">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {me.capabilities ? (
              <WithdrawForm
                capabilities={me.capabilities}
                balances={wallet.data?.balances}
                destinations={destinations.data?.items}
                withdrawals={withdrawals.data?.items}
                addedDestinationId={addedDestinationId}
                onAddDestination={setAddingKind}
                onRequested={() => {
                  withdrawals.reload();
                  wallet.reload();
                }}
              />
            ) : null}
            <PayoutDestinations
              destinations={destinations.data?.items}
              loading={destinations.loading}
              error={destinations.error}
              onAdd={() => setAddingKind('bank_account')}
              onRemoved={destinations.reload}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <WithdrawalHistory
            withdrawals={withdrawals.data?.items}
            loading={withdrawals.loading}
            error={withdrawals.error}
            methodNames={methodNames}
            onRefresh={() => {
              withdrawals.reload();
              wallet.reload();
            }}
            onCancelled={() => {
              withdrawals.reload();
              wallet.reload();
            }}
          />
        </Grid.Col>
      </Grid>

      <AddDestinationModal
        kind={addingKind}
        holderName={clientName}
        onClose={() => setAddingKind(null)}
        onAdded={(destination) => {
          setAddingKind(null);
          setAddedDestinationId(destination.id);
          destinations.reload();
        }}
      />
    </Stack>
  );
}

/** The provider sends the client back to `/portal/deposits?deposit=<id>` (create-deposit.ts's return URL): the Funds page handles it. */
export function DepositReturnRedirect() {
  const { search } = useLocation();
  return <Navigate to={`/funds${search}`} replace />;
}
