import { Alert, Button, Card, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconInfoCircle, IconLoader2 } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { portalTradingApi } from '../../api/trading';
import type { PortalTradingAccount, PortalTradingTransfer, TransferDirection } from '../../api/trading-types';
import type { WalletBalance } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { newIdempotencyKey } from '../../lib/idempotency';
import { compareMinor, exponentOf, formatMoney, parseAmount } from '../../lib/money';
import { portalErrorMessage } from '../errors';
import { maySend, mayReceive } from './trading-status';

interface TransferFormProps {
  accounts: PortalTradingAccount[] | undefined;
  transfers: PortalTradingTransfer[] | undefined;
  balances: WalletBalance[] | undefined;
  platformNames: ReadonlyMap<string, string>;
  onRequested: (transfer: PortalTradingTransfer) => void;
}

function errorField(error: ApiError | null): string | null {
  const details = error?.details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const field = (details as Record<string, unknown>)['field'];
    if (typeof field === 'string') return field;
  }
  return null;
}

/**
 * Moving money from the wallet to a live account or back: the account, the
 * direction, and the amount in major units converted exactly to minor units,
 * checked against the wallet's available balance (to the account) or the
 * account's free margin (to the wallet). One Idempotency-Key per attempt.
 */
export function TransferForm(props: TransferFormProps) {
  const live = (props.accounts ?? []).filter((a) => a.accountType === 'live' && a.login !== null);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="transfer-card">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('transfer.title')}
      </Text>
      {props.accounts === undefined ? null : live.length === 0 ? (
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} data-testid="transfer-no-account">
          {t('transfer.noLiveAccount')}
        </Alert>
      ) : (
        <TransferFields {...props} live={live} />
      )}
    </Card>
  );
}

function TransferFields({ live, transfers, balances, platformNames, onRequested }: TransferFormProps & { live: PortalTradingAccount[] }) {
  const [direction, setDirection] = useState<TransferDirection>('to_account');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [accountError, setAccountError] = useState<string | null>(null);
  const [requested, setRequested] = useState<{ transfer: PortalTradingTransfer; login: string } | null>(null);
  const attemptKey = useRef(newIdempotencyKey('trading-transfer'));
  const submit = useSubmit(portalTradingApi.transfer);

  const eligible = live.filter((a) => (direction === 'to_account' ? mayReceive(a.status) : maySend(a.status)));
  // One account that fits: it is the one.
  const chosen = eligible.find((a) => a.id === accountId) ?? (eligible.length === 1 ? eligible[0]! : null);
  const currency = chosen?.currency ?? null;
  const walletAvailable = currency === null || !balances ? null : (balances.find((b) => b.currency === currency)?.availableMinor ?? '0');
  const freeMargin = chosen?.balances?.freeMarginMinor ?? null;

  const changed = () => {
    attemptKey.current = newIdempotencyKey('trading-transfer');
    setAmountError(null);
    setAccountError(null);
    submit.setError(null);
  };

  function checkAmount(): string | null {
    if (currency === null) return null;
    const parsed = parseAmount(amount, currency);
    if (!parsed.ok) {
      if (parsed.problem === 'empty') return t('transfer.amount.empty');
      if (parsed.problem === 'zero') return t('deposit.amount.zero');
      if (parsed.problem === 'too_large') return t('deposit.amount.tooLarge');
      if (parsed.problem === 'decimals') {
        return parsed.decimals === 0 ? t('deposit.amount.noDecimals', { currency }) : t('deposit.amount.decimals', { currency, decimals: parsed.decimals });
      }
      const decimals = exponentOf(currency);
      return t('deposit.amount.format', { example: decimals > 0 ? `100.${'5'.padEnd(decimals, '0')}` : '100' });
    }
    if (direction === 'to_account' && walletAvailable !== null && compareMinor(parsed.minor, walletAvailable) > 0) {
      return compareMinor(walletAvailable, 0) <= 0
        ? t('transfer.amount.nothingInWallet', { currency })
        : t('transfer.amount.aboveWallet', { amount: formatMoney(walletAvailable, currency) });
    }
    if (direction === 'to_wallet' && freeMargin !== null && compareMinor(parsed.minor, freeMargin) > 0) {
      return compareMinor(freeMargin, 0) <= 0 ? t('transfer.amount.noFreeMargin') : t('transfer.amount.aboveFreeMargin', { amount: formatMoney(freeMargin, currency) });
    }
    return null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const noAccount = chosen ? null : t('transfer.account.required');
    const problem = checkAmount();
    setAccountError(noAccount);
    setAmountError(problem);
    if (!chosen || noAccount || problem) return;
    const parsed = parseAmount(amount, chosen.currency);
    if (!parsed.ok) return;
    const result = await submit.run({ tradingAccountId: chosen.id, direction, amountMinor: parsed.minor }, attemptKey.current);
    // A lost answer may be retried with the same key (the server replays it); any answer ends this attempt.
    if (result.ok || result.error.status !== 0) attemptKey.current = newIdempotencyKey('trading-transfer');
    if (!result.ok) return;
    setAmount('');
    setRequested({ transfer: result.value.transfer, login: chosen.login! });
    onRequested(result.value.transfer);
  }

  const serverAmountError =
    submit.error && (errorField(submit.error) === 'amount' || submit.error.code === 'insufficient_available_balance') ? portalErrorMessage(submit.error) : null;
  const otherError = submit.error && !serverAmountError ? submit.error : null;
  // Where the transfer just requested stands now (the page polls while it is pending).
  const current = requested ? (transfers?.find((x) => x.id === requested.transfer.id) ?? requested.transfer) : null;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="transfer-form">
      <Stack gap="md">
        {requested && current && <RequestedNotice transfer={current} login={requested.login} onClose={() => setRequested(null)} />}

        <Stack gap={4}>
          <Text size="sm" fw={500} id="transfer-direction-label">
            {t('transfer.direction')}
          </Text>
          <SegmentedControl
            aria-labelledby="transfer-direction-label"
            data={[
              { value: 'to_account', label: t('transfer.toAccount') },
              { value: 'to_wallet', label: t('transfer.toWallet') },
            ]}
            value={direction}
            onChange={(value) => {
              setDirection(value as TransferDirection);
              changed();
            }}
            fullWidth
            data-testid="transfer-direction"
          />
        </Stack>

        {eligible.length === 0 ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} data-testid="transfer-no-eligible">
            {t(`transfer.noAccountFor.${direction}`)}
          </Alert>
        ) : (
          <>
            <Select
              label={t('transfer.account')}
              placeholder={t('transfer.account.placeholder')}
              withAsterisk
              allowDeselect={false}
              data={eligible.map((a) => ({
                value: a.id,
                label: t('transfer.account.option', { login: a.login!, currency: a.currency, platform: platformNames.get(a.platformId) ?? a.platformId }),
              }))}
              value={chosen?.id ?? null}
              onChange={(value) => {
                setAccountId(value);
                changed();
              }}
              error={accountError}
              comboboxProps={{ withinPortal: true }}
              data-testid="transfer-account"
            />

            {chosen && (
              <SimpleGrid cols={2} spacing="xs" data-testid="transfer-figures">
                <Figure
                  label={t('transfer.walletAvailable')}
                  value={walletAvailable !== null ? formatMoney(walletAvailable, chosen.currency) : null}
                  minor={walletAvailable}
                  testId="transfer-wallet-available"
                  emphasised={direction === 'to_account'}
                />
                <Figure
                  label={t('transfer.freeMargin', { login: chosen.login! })}
                  value={freeMargin !== null ? formatMoney(freeMargin, chosen.currency) : null}
                  minor={freeMargin}
                  testId="transfer-free-margin"
                  emphasised={direction === 'to_wallet'}
                />
              </SimpleGrid>
            )}

            <TextInput
              label={t('transfer.amount')}
              withAsterisk
              placeholder={currency && exponentOf(currency) === 0 ? '100' : `100.${'0'.repeat(exponentOf(currency ?? 'EUR'))}`}
              inputMode="decimal"
              autoComplete="off"
              rightSection={
                <Text size="sm" c="dimmed" fw={600}>
                  {currency ?? ''}
                </Text>
              }
              rightSectionWidth={52}
              value={amount}
              onChange={(e) => {
                setAmount(e.currentTarget.value);
                changed();
              }}
              error={amountError ?? serverAmountError}
              data-testid="transfer-amount"
            />

            {otherError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="transfer-error" data-code={otherError.code}>
                {portalErrorMessage(otherError)}
              </Alert>
            )}

            <Group justify="space-between" align="center" gap="sm">
              <Text size="xs" c="dimmed" style={{ flex: '1 1 200px' }}>
                {t(`transfer.note.${direction}`)}
              </Text>
              <Button type="submit" loading={submit.loading} data-testid="transfer-submit">
                {t('transfer.submit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </form>
  );
}

function Figure({ label, value, minor, testId, emphasised }: { label: string; value: string | null; minor: string | null; testId: string; emphasised: boolean }) {
  return (
    <Paper withBorder radius="md" px="sm" py={6} style={emphasised ? { borderColor: 'var(--mantine-color-indigo-3)' } : undefined}>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {label}
      </Text>
      {value !== null ? (
        <Text size="sm" fw={emphasised ? 700 : 500} style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }} data-testid={testId} data-minor={minor ?? undefined}>
          {value}
        </Text>
      ) : (
        <Text size="xs" c="dimmed" data-testid={testId}>
          {t('transfer.notAvailable')}
        </Text>
      )}
    </Paper>
  );
}

function RequestedNotice({ transfer, login, onClose }: { transfer: PortalTradingTransfer; login: string; onClose: () => void }) {
  const amount = formatMoney(transfer.amountMinor, transfer.currency);
  const color = transfer.status === 'completed' ? 'green' : transfer.status === 'failed' ? 'red' : 'blue';
  const icon = transfer.status === 'completed' ? <IconCircleCheck size={18} /> : transfer.status === 'failed' ? <IconAlertCircle size={18} /> : <IconLoader2 size={18} />;
  return (
    <Alert
      color={color}
      variant="light"
      icon={icon}
      withCloseButton
      closeButtonLabel={t('transfer.dismiss')}
      onClose={onClose}
      role="status"
      data-testid="transfer-requested"
      data-status={transfer.status}
    >
      {transfer.status === 'completed' ? (
        t(`transfer.done.${transfer.direction}`, { amount, login })
      ) : transfer.status === 'failed' ? (
        <Stack gap={2}>
          <Text size="sm">{t('transfer.failedNotice', { amount })}</Text>
          {transfer.failureCode && (
            <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }}>
              {t(`platformFailure.${transfer.failureCode}`)}
            </Text>
          )}
        </Stack>
      ) : (
        t(`transfer.requested.${transfer.direction}`, { amount, login })
      )}
    </Alert>
  );
}
