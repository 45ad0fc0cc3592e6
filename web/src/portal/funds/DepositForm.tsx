import { Alert, Anchor, Button, Card, Group, Radio, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconBuildingBank, IconCreditCard, IconLock, IconWorld } from '@tabler/icons-react';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/client';
import { portalApi } from '../../api/portal';
import type { Capabilities, PaymentMethodView } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { compareMinor, exponentOf, formatMoney, parseAmount } from '../../lib/money';
import { portalErrorMessage } from '../errors';
import { CurrencyPicker } from './CurrencyPicker';

const KIND_ICONS: Record<string, ReactNode> = {
  card: <IconCreditCard size={18} />,
  local_bank_transfer: <IconBuildingBank size={18} />,
  wire: <IconWorld size={18} />,
};

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
function newAttemptKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `deposit-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function depositMethods(capabilities: Capabilities): PaymentMethodView[] {
  return capabilities.paymentMethods.filter((m) => m.visible && m.directions.includes('deposit'));
}

/** Hidden methods the client can unlock, with what to do ("Complete verification to use card deposits"). */
function lockedMethods(capabilities: Capabilities): PaymentMethodView[] {
  return capabilities.paymentMethods.filter((m) => !m.visible && m.hiddenBecause);
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

function exampleAmount(currency: string): string {
  const decimals = exponentOf(currency);
  return decimals > 0 ? `100.${'5'.padEnd(decimals, '0')}` : '100';
}

/**
 * The deposit form: only the methods the client may deposit with (the
 * server's capabilities), the amount in major units converted exactly to
 * minor units, the method's minimum and maximum for the chosen currency; on
 * success the browser goes to the provider's payment page.
 */
export function DepositForm({ capabilities }: { capabilities: Capabilities }) {
  const methods = depositMethods(capabilities);
  const locked = lockedMethods(capabilities);
  const reason = capabilities.reasons.find((r) => r.capability === 'deposit');
  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-card">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('deposit.title')}
      </Text>
      {!capabilities.canDeposit || methods.length === 0 ? (
        <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="deposit-unavailable">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{reason?.message ?? t('deposit.noMethods')}</Text>
            <Anchor component={Link} to="/" size="sm">
              {t('deposit.seeNextSteps')}
            </Anchor>
          </Stack>
        </Alert>
      ) : (
        <DepositFields methods={methods} />
      )}
      {locked.length > 0 && <LockedMethods methods={locked} />}
    </Card>
  );
}

function DepositFields({ methods }: { methods: PaymentMethodView[] }) {
  const [methodId, setMethodId] = useState<string>(methods[0]!.id);
  const method = methods.find((m) => m.id === methodId) ?? methods[0]!;
  const [currency, setCurrency] = useState<string>(method.currencies[0] ?? '');
  const [amount, setAmount] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const attemptKey = useRef(newAttemptKey());
  const submit = useSubmit(portalApi.createDeposit);
  const activeCurrency = method.currencies.includes(currency) ? currency : (method.currencies[0] ?? '');
  const limit = method.limits[activeCurrency];

  const changed = () => {
    attemptKey.current = newAttemptKey();
    setAmountError(null);
    submit.setError(null);
  };

  function checkAmount(): string | null {
    const parsed = parseAmount(amount, activeCurrency);
    if (!parsed.ok) {
      if (parsed.problem === 'empty') return t('deposit.amount.empty');
      if (parsed.problem === 'zero') return t('deposit.amount.zero');
      if (parsed.problem === 'too_large') return t('deposit.amount.tooLarge');
      if (parsed.problem === 'decimals') {
        return parsed.decimals === 0
          ? t('deposit.amount.noDecimals', { currency: activeCurrency })
          : t('deposit.amount.decimals', { currency: activeCurrency, decimals: parsed.decimals });
      }
      return t('deposit.amount.format', { example: exampleAmount(activeCurrency) });
    }
    if (limit && compareMinor(parsed.minor, limit.minMinor) < 0) return t('deposit.amount.belowMin', { min: formatMoney(limit.minMinor, activeCurrency) });
    if (limit && compareMinor(parsed.minor, limit.maxMinor) > 0) return t('deposit.amount.aboveMax', { max: formatMoney(limit.maxMinor, activeCurrency) });
    return null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkAmount();
    setAmountError(problem);
    const parsed = parseAmount(amount, activeCurrency);
    if (problem || !parsed.ok) return;
    const result = await submit.run({ methodId: method.id, amountMinor: parsed.minor, currency: activeCurrency }, attemptKey.current);
    if (!result.ok) {
      attemptKey.current = newAttemptKey();
      return;
    }
    setRedirecting(true);
    window.location.assign(result.value.redirectUrl);
  }

  const serverField = errorField(submit.error);
  const serverAmountError = submit.error && serverField === 'amount' ? submit.error.message : null;
  const serverMethodError = submit.error && serverField === 'methodId' ? submit.error.message : null;
  const otherError = submit.error && !serverAmountError && !serverMethodError ? submit.error : null;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="deposit-form">
      <Stack gap="md">
        <Radio.Group
          label={t('deposit.method')}
          value={method.id}
          onChange={(value) => {
            setMethodId(value);
            changed();
          }}
          error={serverMethodError}
        >
          <Stack gap="xs" mt={6}>
            {methods.map((m) => (
              <Radio.Card key={m.id} value={m.id} radius="md" p="sm" data-testid="deposit-method" data-method-id={m.id} aria-label={m.name}>
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
                      {t('payments.currencies', { currencies: m.currencies.join(', ') })}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>

        <CurrencyPicker
          name="deposit"
          label={t('deposit.currency')}
          currencies={method.currencies}
          value={activeCurrency}
          onChange={(value) => {
            setCurrency(value);
            changed();
          }}
        />

        <TextInput
          label={t('deposit.amount')}
          placeholder={exampleAmount(activeCurrency)}
          inputMode="decimal"
          autoComplete="off"
          rightSection={
            <Text size="sm" c="dimmed" fw={600}>
              {activeCurrency}
            </Text>
          }
          rightSectionWidth={52}
          description={limit ? t('deposit.limits', { min: formatMoney(limit.minMinor, activeCurrency), max: formatMoney(limit.maxMinor, activeCurrency) }) : undefined}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          value={amount}
          onChange={(e) => {
            setAmount(e.currentTarget.value);
            changed();
          }}
          error={amountError ?? serverAmountError}
          data-testid="deposit-amount"
        />

        {otherError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="form-error" data-code={otherError.code}>
            {portalErrorMessage(otherError)}
          </Alert>
        )}

        <Group justify="space-between" align="center" gap="sm">
          <Text size="xs" c="dimmed" style={{ flex: '1 1 200px' }}>
            {redirecting ? t('deposit.redirecting') : t('deposit.providerNote')}
          </Text>
          <Button type="submit" loading={submit.loading || redirecting} data-testid="deposit-submit">
            {t('deposit.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LockedMethods({ methods }: { methods: PaymentMethodView[] }) {
  return (
    <Stack gap="xs" mt="lg" data-testid="locked-methods">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {t('deposit.notAvailable')}
      </Text>
      {methods.map((m) => (
        <Group key={m.id} gap="sm" wrap="nowrap" align="flex-start" data-testid="locked-method" data-method-id={m.id}>
          <ThemeIcon variant="light" color="gray" radius="md" aria-hidden>
            <IconLock size={16} />
          </ThemeIcon>
          <div style={{ minWidth: 0 }}>
            <Text size="sm" fw={600} c="dimmed">
              {m.name}
            </Text>
            <Text size="xs" c="dimmed">
              {m.hiddenBecause}
            </Text>
          </div>
        </Group>
      ))}
    </Stack>
  );
}
