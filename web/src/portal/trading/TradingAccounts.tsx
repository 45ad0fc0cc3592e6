import { ActionIcon, Alert, Badge, Button, Card, Center, CopyButton, Flex, Group, Loader, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import type { ApiError } from '../../api/client';
import type { PortalTradingAccount } from '../../api/trading-types';
import { t } from '../../i18n';
import { formatMoney } from '../../lib/money';
import { accountStatusColor, accountStatusHint, accountStatusLabel, hasPlatformAccess } from './trading-status';

interface TradingAccountsProps {
  accounts: PortalTradingAccount[] | undefined;
  /** Platform id → its name (the offers). */
  platformNames: ReadonlyMap<string, string>;
  error: ApiError | null;
  onRefresh: () => void;
}

/** The client's trading accounts: platform, live/demo, login, currency, leverage, status, and the live balances. */
export function TradingAccounts({ accounts, platformNames, error, onRefresh }: TradingAccountsProps) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="trading-accounts">
      <Group justify="space-between" mb="md">
        <Text fw={700} size="sm" tt="uppercase" c="indigo">
          {t('trading.accounts')}
        </Text>
        <Button variant="subtle" size="compact-sm" leftSection={<IconRefresh size={14} />} onClick={onRefresh} data-testid="trading-refresh">
          {t('trading.refresh')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="sm" title={t('trading.accounts.error')}>
          {error.message}
        </Alert>
      )}
      {!accounts ? (
        !error && (
          <Center h={88}>
            <Loader size="sm" aria-label={t('app.loading')} />
          </Center>
        )
      ) : accounts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="trading-accounts-empty">
          {t('trading.accounts.empty')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {accounts.map((account) => (
            <AccountTile key={account.id} account={account} platformName={platformNames.get(account.platformId) ?? account.platformId} />
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

function AccountTile({ account, platformName }: { account: PortalTradingAccount; platformName: string }) {
  const live = account.accountType === 'live';
  const hint = accountStatusHint(account.status);
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      data-testid="trading-account"
      data-account-id={account.id}
      data-login={account.login ?? undefined}
      data-status={account.status}
      data-type={account.accountType}
    >
      <Stack gap="sm">
        {/* On a phone the badges go under the platform's name. */}
        <Group justify="space-between" align="flex-start" gap="xs">
          <Text fw={600} size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {platformName}
          </Text>
          <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Badge variant={live ? 'filled' : 'light'} color={live ? 'indigo' : 'gray'} data-testid="trading-account-type">
              {t(live ? 'trading.type.live' : 'trading.type.demo')}
            </Badge>
            <Badge variant="light" color={accountStatusColor(account.status)} style={{ minWidth: 'max-content' }} data-testid="trading-account-status">
              {accountStatusLabel(account.status)}
            </Badge>
          </Group>
        </Group>

        <Flex columnGap="xl" rowGap="xs" align="flex-end" wrap="wrap">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('trading.login')}
            </Text>
            {account.login ? (
              <Group gap={4} wrap="nowrap">
                <Text fz={22} fw={700} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="trading-account-login">
                  {account.login}
                </Text>
                <CopyButton value={account.login}>
                  {({ copied, copy }) => (
                    <Tooltip label={t(copied ? 'trading.login.copied' : 'trading.login.copy')} withArrow>
                      <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={t('trading.login.copy')}>
                        {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            ) : (
              <Text size="sm" c="dimmed" lh={1.9}>
                {t('trading.login.none')}
              </Text>
            )}
          </div>
          {/* Currency and leverage wrap together under the login on a phone. */}
          <Group gap="xl" wrap="nowrap">
            <Fact label={t('trading.currency')} value={account.currency} testId="trading-account-currency" />
            <Fact label={t('trading.leverage')} value={`1:${account.leverage}`} testId="trading-account-leverage" />
          </Group>
        </Flex>

        {hasPlatformAccess(account.status) &&
          (account.balances ? (
            <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs" verticalSpacing="xs" data-testid="trading-account-balances">
              <Figure label={t('trading.balance')} minor={account.balances.balanceMinor} currency={account.currency} testId="trading-balance" strong />
              <Figure label={t('trading.equity')} minor={account.balances.equityMinor} currency={account.currency} testId="trading-equity" />
              <Figure label={t('trading.margin')} minor={account.balances.marginMinor} currency={account.currency} testId="trading-margin" />
              <Figure label={t('trading.freeMargin')} minor={account.balances.freeMarginMinor} currency={account.currency} testId="trading-free-margin" />
            </SimpleGrid>
          ) : (
            <Alert color="gray" variant="light" p="xs" icon={<IconInfoCircle size={16} />} data-testid="trading-balances-unavailable">
              <Text size="xs">{t('trading.balances.unavailable')}</Text>
            </Alert>
          ))}

        {account.status === 'failed' && account.failureCode && (
          <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }} data-testid="trading-account-reason" data-code={account.failureCode}>
            {t(`platformFailure.${account.failureCode}`)}
          </Text>
        )}
        {hint && (
          <Text size="xs" c="dimmed" data-testid="trading-account-hint">
            {hint}
          </Text>
        )}
        {account.login && account.status !== 'login_disabled' && account.status !== 'archived' && (
          <Text size="xs" c="dimmed">
            {[live ? null : t('trading.demoNote'), t('trading.passwordNote', { platform: platformName })].filter(Boolean).join(' ')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} lh={1.9} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function Figure({ label, minor, currency, testId, strong = false }: { label: string; minor: string; currency: string; testId: string; strong?: boolean }) {
  return (
    <Paper bg="var(--mantine-color-default-hover)" radius="sm" px="xs" py={6}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500} style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }} data-testid={testId} data-minor={minor}>
        {formatMoney(minor, currency)}
      </Text>
    </Paper>
  );
}
