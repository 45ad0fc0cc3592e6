import { Alert, Anchor, Button, Card, Group, Radio, Select, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconBuildingBank, IconCircleCheck, IconCreditCard, IconCurrencyBitcoin, IconLock, IconPlus, IconWallet, IconWorld } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/client';
import type { Capabilities, PaymentMethodView, WalletBalance } from '../../api/types';
import type { PayoutDestinationKind, PortalPayoutDestination, PortalWithdrawal } from '../../api/withdrawal-types';
import { portalWithdrawalApi } from '../../api/withdrawals';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { compareMinor, exponentOf, formatMoney, parseAmount } from '../../lib/money';
import { destinationKindForMethod, isWaiting } from '../../lib/payout-destinations';
import { portalErrorMessage } from '../errors';
import { CurrencyPicker } from './CurrencyPicker';

const KIND_ICONS: Record<string, ReactNode> = {
  card: <IconCreditCard size={18} />,
  local_bank_transfer: <IconBuildingBank size={18} />,
  wire: <IconWorld size={18} />,
  e_wallet: <IconWallet size={18} />,
  crypto: <IconCurrencyBitcoin size={18} />,
};

/** The methods the client may withdraw with now (the server's capabilities). */
export function withdrawalMethods(capabilities: Capabilities): PaymentMethodView[] {
  return capabilities.paymentMethods.filter((m) => m.visible && m.directions.includes('withdrawal'));
}

/** Where the server said the problem is (`details.field`), to show it next to that input. */
function errorField(error: ApiError | null): string | null {
  const details = error?.details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const field = (details as Record<string, unknown>)['field'];
    if (typeof field === 'string') return field;
  }
  return null;
}

interface WithdrawFormProps {
  capabilities: Capabilities;
  balances: WalletBalance[] | undefined;
  destinations: PortalPayoutDestination[] | undefined;
  /** The client's withdrawals: the "requested" notice stays while the one just requested is still submitted. */
  withdrawals: PortalWithdrawal[] | undefined;
  /** The destination the client just added: chosen for them. */
  addedDestinationId: string | null;
  onAddDestination: (kind: PayoutDestinationKind) => void;
  onRequested: (withdrawal: PortalWithdrawal) => void;
}

/**
 * The withdrawal form: a method the client may withdraw with, a destination of
 * the kind that method pays to (none for a card: the money goes back to it),
 * and the amount in major units, converted exactly, checked against the
 * available balance and the method's limits. The server puts the amount on
 * hold at once.
 */
export function WithdrawForm(props: WithdrawFormProps) {
  const { capabilities } = props;
  const methods = withdrawalMethods(capabilities);
  const reason = capabilities.reasons.find((r) => r.capability === 'withdraw');
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdraw-card">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('withdraw.title')}
      </Text>
      {!capabilities.canWithdraw || methods.length === 0 ? (
        <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="withdraw-unavailable">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{reason?.message ?? t('withdraw.noMethods')}</Text>
            <Anchor component={Link} to="/" size="sm">
              {t('deposit.seeNextSteps')}
            </Anchor>
          </Stack>
        </Alert>
      ) : (
        <WithdrawFields {...props} methods={methods} />
      )}
    </Card>
  );
}

function WithdrawFields({ methods, balances, destinations, withdrawals, addedDestinationId, onAddDestination, onRequested }: WithdrawFormProps & { methods: PaymentMethodView[] }) {
  const [methodId, setMethodId] = useState<string>(methods[0]!.id);
  const method = methods.find((m) => m.id === methodId) ?? methods[0]!;
  const [currency, setCurrency] = useState<string>(method.currencies[0] ?? '');
  const [destinationId, setDestinationId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [destinationError, setDestinationError] = useState<string | null>(null);
  const [requested, setRequested] = useState<PortalWithdrawal | null>(null);
  const attemptKey = useRef(newIdempotencyKey('withdrawal'));
  const submit = useSubmit(portalWithdrawalApi.request);

  const activeCurrency = method.currencies.includes(currency) ? currency : (method.currencies[0] ?? '');
  const limit = method.limits[activeCurrency];
  const available = balances?.find((b) => b.currency === activeCurrency)?.availableMinor ?? (balances ? '0' : null);
  const kind = destinationKindForMethod(method.kind);
  const options = kind === null ? [] : (destinations ?? []).filter((d) => d.kind === kind && d.status !== 'removed');
  const usable = options.filter((d) => !isWaiting(d));
  // One usable destination of the kind: it is the one (the client can still add another).
  const chosen = usable.find((d) => d.id === destinationId) ?? (destinationId === null && usable.length === 1 ? usable[0]! : null);

  // The destination just added, when it fits this method.
  useEffect(() => {
    if (addedDestinationId) setDestinationId(addedDestinationId);
  }, [addedDestinationId]);

  const changed = () => {
    attemptKey.current = newIdempotencyKey('withdrawal');
    setRequested(null);
    setAmountError(null);
    setDestinationError(null);
    submit.setError(null);
  };

  function checkAmount(): string | null {
    const parsed = parseAmount(amount, activeCurrency);
    if (!parsed.ok) {
      if (parsed.problem === 'empty') return t('withdraw.amount.empty');
      if (parsed.problem === 'zero') return t('deposit.amount.zero');
      if (parsed.problem === 'too_large') return t('deposit.amount.tooLarge');
      if (parsed.problem === 'decimals') {
        return parsed.decimals === 0
          ? t('deposit.amount.noDecimals', { currency: activeCurrency })
          : t('deposit.amount.decimals', { currency: activeCurrency, decimals: parsed.decimals });
      }
      const decimals = exponentOf(activeCurrency);
      return t('deposit.amount.format', { example: decimals > 0 ? `100.${'5'.padEnd(decimals, '0')}` : '100' });
    }
    if (limit && compareMinor(parsed.minor, limit.minMinor) < 0) return t('withdraw.amount.belowMin', { min: formatMoney(limit.minMinor, activeCurrency) });
    if (limit && compareMinor(parsed.minor, limit.maxMinor) > 0) return t('withdraw.amount.aboveMax', { max: formatMoney(limit.maxMinor, activeCurrency) });
    if (available !== null && compareMinor(parsed.minor, available) > 0) {
      return compareMinor(available, 0) <= 0
        ? t('withdraw.amount.nothingAvailable', { currency: activeCurrency })
        : t('withdraw.amount.aboveAvailable', { amount: formatMoney(available, activeCurrency) });
    }
    return null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkAmount();
    const noDestination = kind !== null && !chosen ? t('withdraw.destination.required') : null;
    setAmountError(problem);
    setDestinationError(noDestination);
    const parsed = parseAmount(amount, activeCurrency);
    if (problem || noDestination || !parsed.ok) return;
    const result = await submit.run(
      { methodId: method.id, amountMinor: parsed.minor, currency: activeCurrency, ...(chosen ? { destinationId: chosen.id } : {}) },
      attemptKey.current,
    );
    attemptKey.current = newIdempotencyKey('withdrawal');
    if (!result.ok) return;
    setAmount('');
    setRequested(result.value.withdrawal);
    onRequested(result.value.withdrawal);
  }

  const serverField = errorField(submit.error);
  const balanceError = submit.error?.code === 'insufficient_available_balance' ? portalErrorMessage(submit.error) : null;
  const serverAmountError = submit.error && serverField === 'amount' ? submit.error.message : balanceError;
  const serverDestinationError = submit.error && serverField === 'destinationId' ? submit.error.message : null;
  const serverMethodError = submit.error && serverField === 'methodId' ? submit.error.message : null;
  const otherError = submit.error && !serverAmountError && !serverDestinationError && !serverMethodError ? submit.error : null;

  const amountHelp = [
    available !== null ? t('withdraw.available', { amount: formatMoney(available, activeCurrency) }) : null,
    limit ? t('withdraw.limits', { min: formatMoney(limit.minMinor, activeCurrency), max: formatMoney(limit.maxMinor, activeCurrency) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="withdraw-form">
      <Stack gap="md">
        {requested && (withdrawals?.find((w) => w.id === requested.id)?.status ?? 'submitted') === 'submitted' && (
          <Alert
            color="green"
            variant="light"
            icon={<IconCircleCheck size={18} />}
            withCloseButton
            closeButtonLabel={t('withdraw.dismiss')}
            onClose={() => setRequested(null)}
            role="status"
            data-testid="withdraw-requested"
          >
            {t('withdraw.requested', { amount: formatMoney(requested.amountMinor, requested.currency) })}
          </Alert>
        )}

        <Radio.Group
          label={t('withdraw.method')}
          value={method.id}
          onChange={(value) => {
            setMethodId(value);
            setDestinationId(null);
            changed();
          }}
          error={serverMethodError}
        >
          <Stack gap="xs" mt={6}>
            {methods.map((m) => {
              const paysTo = destinationKindForMethod(m.kind) ?? 'card';
              return (
                <Radio.Card key={m.id} value={m.id} radius="md" p="sm" data-testid="withdraw-method" data-method-id={m.id} aria-label={m.name}>
                  <Group wrap="nowrap" gap="sm">
                    <Radio.Indicator />
                    <ThemeIcon variant="light" color="indigo" radius="md" aria-hidden>
                      {KIND_ICONS[m.kind] ?? <IconCreditCard size={18} />}
                    </ThemeIcon>
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600} size="sm">
                        {m.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`withdraw.paysTo.${paysTo}`)} · {m.currencies.join(', ')}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              );
            })}
          </Stack>
        </Radio.Group>

        <CurrencyPicker
          name="withdraw"
          label={t('withdraw.currency')}
          currencies={method.currencies}
          value={activeCurrency}
          onChange={(value) => {
            setCurrency(value);
            changed();
          }}
        />

        {kind === null ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('withdraw.destination')}
            </Text>
            <Alert color="gray" variant="light" icon={<IconCreditCard size={18} />} data-testid="withdraw-destination-card">
              {t('withdraw.destination.card')}
            </Alert>
          </Stack>
        ) : options.length === 0 && destinations !== undefined ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('withdraw.destination')}
            </Text>
            <Alert color={destinationError ? 'red' : 'gray'} variant="light" data-testid="withdraw-destination-none">
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t(`withdraw.destination.none.${kind}`)}</Text>
                <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onAddDestination(kind)} data-testid="withdraw-add-destination">
                  {t('destinations.add')}
                </Button>
              </Stack>
            </Alert>
          </Stack>
        ) : (
          <Stack gap={4}>
            <Select
              label={t('withdraw.destination')}
              placeholder={t('withdraw.destination.placeholder')}
              withAsterisk
              data={options.map((d) => ({
                value: d.id,
                label: [`${d.label} · ${d.holderName}`, isWaiting(d) ? t('withdraw.destination.waiting', { date: formatDateTime(d.usableFrom) }) : d.status === 'unverified' ? t('withdraw.destination.checking') : null]
                  .filter(Boolean)
                  .join(' — '),
                disabled: isWaiting(d),
              }))}
              value={chosen?.id ?? null}
              onChange={(value) => {
                setDestinationId(value);
                changed();
              }}
              error={destinationError ?? serverDestinationError}
              comboboxProps={{ withinPortal: true }}
              data-testid="withdraw-destination"
            />
            {chosen?.status === 'unverified' && (
              <Text size="xs" c="orange.8" data-testid="withdraw-destination-unverified">
                {t('withdraw.destination.unverifiedNote')}
              </Text>
            )}
            <Anchor component="button" type="button" size="xs" onClick={() => onAddDestination(kind)} w="fit-content" data-testid="withdraw-add-destination">
              {t('withdraw.destination.add')}
            </Anchor>
          </Stack>
        )}

        <TextInput
          label={t('withdraw.amount')}
          placeholder={exponentOf(activeCurrency) > 0 ? `100.${'0'.repeat(exponentOf(activeCurrency))}` : '100'}
          inputMode="decimal"
          autoComplete="off"
          rightSection={
            <Text size="sm" c="dimmed" fw={600}>
              {activeCurrency}
            </Text>
          }
          rightSectionWidth={52}
          description={amountHelp || undefined}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          value={amount}
          onChange={(e) => {
            setAmount(e.currentTarget.value);
            changed();
          }}
          error={amountError ?? serverAmountError}
          data-testid="withdraw-amount"
        />

        {otherError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="withdraw-error" data-code={otherError.code}>
            {portalErrorMessage(otherError)}
          </Alert>
        )}

        <Group justify="space-between" align="center" gap="sm">
          <Text size="xs" c="dimmed" style={{ flex: '1 1 200px' }}>
            {t('withdraw.note')}
          </Text>
          <Button type="submit" loading={submit.loading} data-testid="withdraw-submit">
            {t('withdraw.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
