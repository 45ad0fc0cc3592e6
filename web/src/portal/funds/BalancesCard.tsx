import { Alert, Button, Card, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { ApiError } from '../../api/client';
import type { WalletBalance } from '../../api/types';
import { t } from '../../i18n';
import { formatMoney, isZero } from '../../lib/money';

interface BalancesCardProps {
  balances: WalletBalance[] | undefined;
  loading: boolean;
  error: ApiError | null;
  onRetry: () => void;
}

/** The client's money per currency: available, on hold, and what they owe when they owe something. */
export function BalancesCard({ balances, loading, error, onRetry }: BalancesCardProps) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="balances" aria-busy={loading}>
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('funds.balances')}
      </Text>
      {error && !balances ? (
        <Alert color="red" variant="light" title={t('funds.balances.error')}>
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{error.message}</Text>
            <Button size="compact-sm" variant="white" color="red" onClick={onRetry}>
              {t('app.retry')}
            </Button>
          </Stack>
        </Alert>
      ) : !balances ? (
        <Center h={88}>
          <Loader size="sm" aria-label={t('app.loading')} />
        </Center>
      ) : balances.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="balances-empty">
          {t('funds.balances.empty')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md">
          {balances.map((balance) => (
            <BalanceTile key={balance.currency} balance={balance} />
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

function BalanceTile({ balance }: { balance: WalletBalance }) {
  const owes = !isZero(balance.debtMinor);
  return (
    <Paper withBorder radius="md" p="md" data-testid="balance" data-currency={balance.currency}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {t('funds.available')}
        </Text>
        <Text size="xs" fw={700} c="dimmed">
          {balance.currency}
        </Text>
      </Group>
      <Text fz={28} fw={700} lh={1.2} mt={4} style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }} data-testid="balance-available" data-minor={balance.availableMinor}>
        {formatMoney(balance.availableMinor, balance.currency)}
      </Text>
      <Group gap={6} mt="xs" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {t('funds.onHold')}
        </Text>
        <Tooltip label={t('funds.onHold.hint')} withArrow multiline w={220}>
          <IconInfoCircle size={14} color="var(--mantine-color-dimmed)" aria-label={t('funds.onHold.hint')} />
        </Tooltip>
        <Text size="sm" ms="auto" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="balance-on-hold" data-minor={balance.onHoldMinor}>
          {formatMoney(balance.onHoldMinor, balance.currency)}
        </Text>
      </Group>
      {owes && (
        <Group gap={6} mt={4} wrap="nowrap" c="red.7">
          <IconAlertTriangle size={14} />
          <Text size="sm" fw={600}>
            {t('funds.owed')}
          </Text>
          <Tooltip label={t('funds.owed.hint')} withArrow multiline w={240}>
            <IconInfoCircle size={14} aria-label={t('funds.owed.hint')} />
          </Tooltip>
          <Text size="sm" fw={600} ms="auto" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="balance-owed" data-minor={balance.debtMinor}>
            {formatMoney(balance.debtMinor, balance.currency)}
          </Text>
        </Group>
      )}
    </Paper>
  );
}
