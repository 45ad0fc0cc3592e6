import { Grid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router-dom';
import { portalApi } from '../api/portal';
import { useLoad } from '../hooks/useLoad';
import { t } from '../i18n';
import { BalancesCard } from './funds/BalancesCard';
import { DepositForm } from './funds/DepositForm';
import { DepositHistory } from './funds/DepositHistory';
import { DepositReturnNotice } from './funds/DepositReturnNotice';
import { useClientSession } from './session';

/**
 * `/funds`: the client's money. Balances per currency on top; then the ways
 * to move money (Deposit; Withdraw slots in beside it) and the history of
 * each (Deposits; Withdrawals beside it). Back from the provider's payment
 * page (`?deposit=<id>`), a notice follows that deposit until it has an outcome.
 */
export function FundsPage() {
  const { me, reload: reloadMe } = useClientSession();
  const [params, setParams] = useSearchParams();
  const returnedDeposit = params.get('deposit');
  const wallet = useLoad((signal) => portalApi.wallet(signal), []);
  const deposits = useLoad((signal) => portalApi.deposits(signal), []);

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
    </Stack>
  );
}

/** The provider sends the client back to `/portal/deposits?deposit=<id>` (create-deposit.ts's return URL): the Funds page handles it. */
export function DepositReturnRedirect() {
  const { search } = useLocation();
  return <Navigate to={`/funds${search}`} replace />;
}
