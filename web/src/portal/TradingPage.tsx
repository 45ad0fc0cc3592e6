import { Grid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef } from 'react';
import { portalApi } from '../api/portal';
import { portalTradingApi } from '../api/trading';
import { useLoad } from '../hooks/useLoad';
import { t } from '../i18n';
import { useClientSession } from './session';
import { OpenAccountForm } from './trading/OpenAccountForm';
import { TradingAccounts } from './trading/TradingAccounts';
import { TransferForm } from './trading/TransferForm';
import { TransferHistory } from './trading/TransferHistory';

/** How often the page reads again while a transfer is processing or an account is being opened. */
const POLL_MS = 2000;

/**
 * `/trading`: the client's trading accounts with live balances on top; then
 * Open an account beside Move funds (wallet ↔ live account), and the
 * transfers. While a transfer is processing (or an account is being opened)
 * the page reads the accounts and the wallet again every two seconds, and
 * once more when the last one settles.
 */
export function TradingPage() {
  const { me, reload: reloadMe } = useClientSession();
  const trading = useLoad((signal) => portalTradingApi.overview(signal), []);
  const wallet = useLoad((signal) => portalApi.wallet(signal), []);
  const data = trading.data;
  const platformNames = useMemo(() => new Map((data?.offers ?? []).map((o) => [o.platformId, o.name])), [data]);
  const logins = useMemo(() => new Map((data?.accounts ?? []).map((a) => [a.id, a.login])), [data]);

  // Whether live trading is open to the client changes as KYC moves: read it fresh when the page opens.
  useEffect(() => reloadMe(), [reloadMe]);

  const hasLive = data?.accounts.some((a) => a.accountType === 'live' && a.login !== null) ?? true;
  const busy = (data?.transfers.some((x) => x.status === 'pending') ?? false) || (data?.accounts.some((a) => a.status === 'requested') ?? false);
  const wasBusy = useRef(false);
  const { reload: reloadTrading, loading: loadingTrading } = trading;
  const { reload: reloadWallet } = wallet;
  useEffect(() => {
    if (!busy) {
      // The last transfer settled: a transfer to the wallet is credited only now.
      if (wasBusy.current) reloadWallet();
      wasBusy.current = false;
      return;
    }
    wasBusy.current = true;
    if (loadingTrading) return;
    const timer = window.setTimeout(() => {
      reloadTrading();
      reloadWallet();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
    // One timer per answer (or failed read) while something is in flight.
  }, [busy, loadingTrading, reloadTrading, reloadWallet]);

  const refreshAll = () => {
    reloadTrading();
    reloadWallet();
  };

  return (
    <Stack gap="lg" py="md" data-testid="trading-page">
      <div>
        <Title order={1} size="h2" data-testid="trading-title">
          {t('trading.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('trading.subtitle')}
        </Text>
      </div>

      <TradingAccounts accounts={data?.accounts} platformNames={platformNames} error={trading.error} onRefresh={refreshAll} />

      <Grid gap="lg" align="flex-start">
        {/* Opening an account comes first until the client has a live one to move money to. */}
        <Grid.Col span={{ base: 12, md: 6 }} order={hasLive ? 1 : 2}>
          <TransferForm accounts={data?.accounts} transfers={data?.transfers} balances={wallet.data?.balances} platformNames={platformNames} onRequested={refreshAll} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }} order={hasLive ? 2 : 1}>
          <OpenAccountForm offers={data?.offers} capabilities={me.capabilities} onOpened={reloadTrading} />
        </Grid.Col>
      </Grid>

      <TransferHistory transfers={data?.transfers} logins={logins} />
    </Stack>
  );
}
