import { Alert, Anchor, Button, Card, Group, List, PasswordInput, Radio, SegmentedControl, Select, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCircleCheck, IconLock, IconPointFilled, IconX } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/client';
import { portalTradingApi } from '../../api/trading';
import type { PortalTradingAccount, TradingAccountType, TradingOffer } from '../../api/trading-types';
import type { Capabilities } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { newIdempotencyKey } from '../../lib/idempotency';
import { portalErrorMessage } from '../errors';
import { passwordRules } from './trading-status';

interface OpenAccountFormProps {
  offers: TradingOffer[] | undefined;
  /** The client's capabilities: live accounts need `canTrade` (the server decides; this only says why up front). */
  capabilities: Capabilities | undefined;
  onOpened: (account: PortalTradingAccount) => void;
}

/** Where the server said the problem is (`details.field`), and which capability refused (`details.capability`). */
function detail(error: ApiError | null, key: 'field' | 'capability'): string | null {
  const details = error?.details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const value = (details as Record<string, unknown>)[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

/**
 * Opening a trading account, with only what the offers allow: the platform,
 * live or demo, the currency of that account type and a leverage of the
 * offer (1:N). The password the client chooses is the platform's: its rules
 * are listed and checked as they type; the server's verdict is shown under
 * the field. When live trading is not allowed yet, the reason and the way to
 * the next steps are shown instead.
 */
export function OpenAccountForm({ offers, capabilities, onOpened }: OpenAccountFormProps) {
  const platforms = (offers ?? []).filter((o) => o.accountTypes.length > 0);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="open-account-card">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('open.title')}
      </Text>
      {offers === undefined ? null : platforms.length === 0 ? (
        <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="open-none">
          {t('open.none')}
        </Alert>
      ) : (
        <OpenAccountFields platforms={platforms} capabilities={capabilities} onOpened={onOpened} />
      )}
    </Card>
  );
}

function OpenAccountFields({ platforms, capabilities, onOpened }: { platforms: TradingOffer[]; capabilities: Capabilities | undefined; onOpened: (account: PortalTradingAccount) => void }) {
  const [platformId, setPlatformId] = useState(platforms[0]!.platformId);
  const offer = platforms.find((p) => p.platformId === platformId) ?? platforms[0]!;
  const types = offer.accountTypes.map((a) => a.accountType);
  const liveBlocked = capabilities !== undefined && !capabilities.canTrade;
  const [chosenType, setChosenType] = useState<TradingAccountType | null>(null);
  // Live first when the client may trade; demo first otherwise.
  const accountType: TradingAccountType = chosenType && types.includes(chosenType) ? chosenType : types.includes('live') && !liveBlocked ? 'live' : types[0]!;
  const currencies = offer.accountTypes.find((a) => a.accountType === accountType)?.currencies ?? [];
  const [chosenCurrency, setChosenCurrency] = useState<string | null>(null);
  const currency = chosenCurrency && currencies.includes(chosenCurrency) ? chosenCurrency : currencies[0]!;
  const maxLeverage = offer.leverages.length > 0 ? offer.leverages[offer.leverages.length - 1]! : null;
  const [chosenLeverage, setChosenLeverage] = useState<string | null>(null);
  const leverage = chosenLeverage && offer.leverages.includes(Number(chosenLeverage)) ? chosenLeverage : maxLeverage !== null ? String(maxLeverage) : null;
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const [leverageError, setLeverageError] = useState<string | null>(null);
  const [opened, setOpened] = useState<PortalTradingAccount | null>(null);
  const attemptKey = useRef(newIdempotencyKey('trading-account'));
  const submit = useSubmit(portalTradingApi.open);

  const changed = () => {
    attemptKey.current = newIdempotencyKey('trading-account');
    setPasswordError(null);
    setConfirmError(null);
    setLeverageError(null);
    submit.setError(null);
  };

  // Refused by the server for want of the capability (live: verification; demo: a verified email), or known to be refused.
  const refusedCapability = submit.error?.status === 403 ? detail(submit.error, 'capability') : null;
  const refusal = refusedCapability
    ? submit.error!.message
    : accountType === 'live' && liveBlocked
      ? (capabilities?.reasons.find((r) => r.capability === 'trade')?.message ?? t('open.liveNotAllowed'))
      : null;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const noPassword = password === '' ? t('open.password.required') : null;
    const mismatch = password !== '' && confirm !== password ? t('open.passwordConfirm.mismatch') : null;
    const noLeverage = leverage === null ? t('open.leverage.required') : null;
    setPasswordError(noPassword);
    setConfirmError(mismatch);
    setLeverageError(noLeverage);
    if (noPassword || mismatch || noLeverage || leverage === null) return;
    setOpened(null);
    // The rules are listed beside the field; the server checks them (and answers which one is missing).
    const result = await submit.run({ platformId: offer.platformId, accountType, currency, leverage: Number(leverage), password }, attemptKey.current);
    // A lost answer may be retried with the same key (the server replays it); any answer ends this attempt.
    if (result.ok || result.error.status !== 0) attemptKey.current = newIdempotencyKey('trading-account');
    if (!result.ok) return;
    setPassword('');
    setConfirm('');
    setOpened(result.value.account);
    onOpened(result.value.account);
  }

  const serverField = submit.error && !refusedCapability ? detail(submit.error, 'field') : null;
  const serverPasswordError = serverField === 'password' ? submit.error!.message : null;
  const serverLeverageError = serverField === 'leverage' ? submit.error!.message : null;
  const serverCurrencyError = serverField === 'currency' ? submit.error!.message : null;
  const otherError = submit.error && !refusedCapability && !serverPasswordError && !serverLeverageError && !serverCurrencyError ? submit.error : null;
  const showRules = password !== '' || serverPasswordError !== null;

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="open-account-form">
      <Stack gap="md">
        {opened && <OpenedNotice account={opened} platformName={platforms.find((p) => p.platformId === opened.platformId)?.name ?? opened.platformId} onClose={() => setOpened(null)} />}

        {platforms.length > 1 ? (
          <Radio.Group
            label={t('open.platform')}
            value={offer.platformId}
            onChange={(value) => {
              setPlatformId(value);
              changed();
            }}
          >
            <Stack gap="xs" mt={6}>
              {platforms.map((p) => (
                <Radio.Card key={p.platformId} value={p.platformId} radius="md" p="sm" data-testid="open-platform" data-platform-id={p.platformId} aria-label={p.name}>
                  <Group wrap="nowrap" gap="sm">
                    <Radio.Indicator />
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600} size="sm">
                        {p.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {p.available ? platformSummary(p) : t('open.platform.unavailable')}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
        ) : (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {t('open.platform')}
            </Text>
            <Text size="sm" data-testid="open-platform-name">
              {offer.name}
            </Text>
          </Stack>
        )}

        {!offer.available ? (
          <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="open-platform-unavailable">
            {t('open.platformUnavailable')}
          </Alert>
        ) : (
          <>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="open-type-label">
                {t('open.type')}
              </Text>
              <SegmentedControl
                aria-labelledby="open-type-label"
                data={types.map((type) => ({ value: type, label: t(type === 'live' ? 'trading.type.live' : 'trading.type.demo') }))}
                value={accountType}
                onChange={(value) => {
                  setChosenType(value as TradingAccountType);
                  changed();
                }}
                w="fit-content"
                miw={180}
                data-testid="open-type"
              />
              <Text size="xs" c="dimmed">
                {t(accountType === 'live' ? 'open.type.live' : 'open.type.demo')}
              </Text>
            </Stack>

            {refusal ? (
              <Alert color="gray" variant="light" icon={<IconLock size={18} />} data-testid="open-refused" data-code={refusedCapability ? submit.error!.code : undefined}>
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{refusal}</Text>
                  <Anchor component={Link} to="/" size="sm" data-testid="open-next-steps">
                    {t('deposit.seeNextSteps')}
                  </Anchor>
                  {accountType === 'live' && types.includes('demo') && (
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => {
                        setChosenType('demo');
                        changed();
                      }}
                      data-testid="open-switch-demo"
                    >
                      {t('open.liveNotAllowed.demo')}
                    </Anchor>
                  )}
                </Stack>
              </Alert>
            ) : (
              <>
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="open-currency-label">
                    {t('open.currency')}
                  </Text>
                  {currencies.length > 1 ? (
                    <SegmentedControl
                      aria-labelledby="open-currency-label"
                      data={currencies}
                      value={currency}
                      onChange={(value) => {
                        setChosenCurrency(value);
                        changed();
                      }}
                      w="fit-content"
                      data-testid="open-currency"
                    />
                  ) : (
                    <Text size="sm" fw={600} data-testid="open-currency">
                      {currency}
                    </Text>
                  )}
                  {serverCurrencyError && (
                    <Text size="xs" c="red.7">
                      {serverCurrencyError}
                    </Text>
                  )}
                </Stack>

                <Select
                  label={t('open.leverage')}
                  placeholder={t('open.leverage.placeholder')}
                  withAsterisk
                  allowDeselect={false}
                  data={offer.leverages.map((l) => ({ value: String(l), label: `1:${l}` }))}
                  value={leverage}
                  onChange={(value) => {
                    setChosenLeverage(value);
                    changed();
                  }}
                  description={maxLeverage !== null ? t('open.leverage.hint', { max: maxLeverage }) : undefined}
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  error={leverageError ?? serverLeverageError}
                  comboboxProps={{ withinPortal: true }}
                  maw={320}
                  data-testid="open-leverage"
                />

                <Stack gap={6}>
                  <PasswordInput
                    label={t('open.password')}
                    description={t('open.password.hint')}
                    withAsterisk
                    autoComplete="new-password"
                    inputWrapperOrder={['label', 'input', 'description', 'error']}
                    value={password}
                    onChange={(e) => {
                      setPassword(e.currentTarget.value);
                      changed();
                    }}
                    error={passwordError ?? serverPasswordError}
                    aria-invalid={Boolean(passwordError ?? serverPasswordError) || undefined}
                    maw={320}
                    data-testid="open-password"
                  />
                  <PasswordRules password={password} checked={showRules} length={offer.passwordLength} />
                </Stack>
                <PasswordInput
                  label={t('open.passwordConfirm')}
                  withAsterisk
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(e) => {
                    setConfirm(e.currentTarget.value);
                    setConfirmError(null);
                  }}
                  error={confirmError}
                  aria-invalid={Boolean(confirmError) || undefined}
                  maw={320}
                  data-testid="open-password-confirm"
                />

                {otherError && (
                  <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="open-error" data-code={otherError.code}>
                    {portalErrorMessage(otherError)}
                  </Alert>
                )}

                <Group justify="flex-end">
                  <Button type="submit" loading={submit.loading} data-testid="open-submit">
                    {t(accountType === 'live' ? 'open.submit.live' : 'open.submit.demo')}
                  </Button>
                </Group>
              </>
            )}
          </>
        )}
      </Stack>
    </form>
  );
}

function platformSummary(offer: TradingOffer): string {
  const types = offer.accountTypes.map((a) => t(a.accountType === 'live' ? 'trading.type.live' : 'trading.type.demo')).join(', ');
  const currencies = [...new Set(offer.accountTypes.flatMap((a) => a.currencies))].join(', ');
  return t('open.platform.offers', { types, currencies });
}

/** The platform's password rules, each ticked as the password meets it (marked missing once the client has typed or the server refused). */
function PasswordRules({ password, checked, length }: { password: string; checked: boolean; length: { min: number; max: number } }) {
  return (
    <div data-testid="open-password-rules">
      <Text size="xs" c="dimmed" mb={2}>
        {t('open.password.rules')}:
      </Text>
      <List size="xs" spacing={2} center>
        {passwordRules(length).map((rule) => {
          const met = rule.test(password);
          const color = !checked ? 'gray' : met ? 'teal' : 'red';
          return (
            <List.Item
              key={rule.key}
              data-met={met}
              icon={
                <ThemeIcon size={14} radius="xl" variant="light" color={color} aria-label={checked ? t(met ? 'open.password.met' : 'open.password.unmet') : undefined}>
                  {!checked ? <IconPointFilled size={10} /> : met ? <IconCheck size={10} /> : <IconX size={10} />}
                </ThemeIcon>
              }
            >
              <Text size="xs" c={!checked ? 'dimmed' : met ? 'teal.8' : 'red.7'}>
                {t(rule.key, rule.vars)}
              </Text>
            </List.Item>
          );
        })}
      </List>
    </div>
  );
}

function OpenedNotice({ account, platformName, onClose }: { account: PortalTradingAccount; platformName: string; onClose: () => void }) {
  const ok = account.login !== null && account.status !== 'failed';
  return (
    <Alert
      color={ok ? 'green' : 'red'}
      variant="light"
      icon={ok ? <IconCircleCheck size={18} /> : <IconAlertCircle size={18} />}
      withCloseButton
      closeButtonLabel={t('open.dismiss')}
      onClose={onClose}
      role="status"
      data-testid="open-result"
      data-status={account.status}
      data-login={account.login ?? undefined}
    >
      {ok ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('open.opened', { type: t(account.accountType === 'live' ? 'trading.type.live' : 'trading.type.demo').toLowerCase(), platform: platformName })}
          </Text>
          <Text size="sm">
            {t('open.opened.login')}{' '}
            <Text span fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="open-result-login">
              {account.login}
            </Text>
          </Text>
          <Text size="sm">{t('open.opened.password')}</Text>
        </Stack>
      ) : (
        <Stack gap={4}>
          <Text size="sm">{t('open.failed')}</Text>
          {account.failureCode && (
            <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }}>
              {t(`platformFailure.${account.failureCode}`)}
            </Text>
          )}
        </Stack>
      )}
    </Alert>
  );
}
