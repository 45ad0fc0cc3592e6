import { Alert, Anchor, Badge, Button, Card, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconExternalLink, IconRefresh } from '@tabler/icons-react';
import type { ApiError } from '../../api/client';
import type { PortalDeposit } from '../../api/types';
import { t } from '../../i18n';
import { formatDateTime, humanize } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { depositReasonText, depositStatusColor, depositStatusLabel } from './deposit-status';

interface DepositHistoryProps {
  deposits: PortalDeposit[] | undefined;
  loading: boolean;
  error: ApiError | null;
  onRefresh: () => void;
  /** The deposit the client just paid on the provider's page: while it waits for the provider, it reads "confirming", not "pay". */
  confirmingId?: string | null;
}

/** The client's deposits, newest first, with the client-facing status and, for a failed one, why. */
export function DepositHistory({ deposits, loading, error, onRefresh, confirmingId = null }: DepositHistoryProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-history" aria-busy={loading}>
      <Group justify="space-between" mb="md">
        <Text fw={700} size="sm" tt="uppercase" c="indigo">
          {t('deposits.title')}
        </Text>
        <Button variant="subtle" size="compact-sm" leftSection={<IconRefresh size={14} />} onClick={onRefresh} loading={loading && deposits !== undefined} data-testid="deposits-refresh">
          {t('deposits.refresh')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="sm" title={t('deposits.error')}>
          {error.message}
        </Alert>
      )}
      {!deposits ? (
        !error && (
          <Center h={80}>
            <Loader size="sm" aria-label={t('app.loading')} />
          </Center>
        )
      ) : deposits.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="deposits-empty">
          {t('deposits.empty')}
        </Text>
      ) : phone ? (
        <Stack gap={0}>
          {deposits.map((deposit) => (
            <DepositItem key={deposit.id} deposit={deposit} confirming={deposit.id === confirmingId} />
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('deposits.date')}</Table.Th>
                <Table.Th>{t('deposits.method')}</Table.Th>
                <Table.Th ta="end">{t('deposits.amount')}</Table.Th>
                <Table.Th>{t('deposits.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deposits.map((deposit) => (
                <DepositRow key={deposit.id} deposit={deposit} confirming={deposit.id === confirmingId} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function DepositRow({ deposit, confirming }: { deposit: PortalDeposit; confirming: boolean }) {
  return (
    <Table.Tr data-testid="deposit-row" data-deposit-id={deposit.id} data-status={deposit.status}>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(deposit.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{deposit.methodName ?? humanize(deposit.methodId)}</Text>
      </Table.Td>
      <Table.Td ta="end">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="deposit-amount-cell">
          {formatMoney(deposit.amountMinor, deposit.currency)}
        </Text>
      </Table.Td>
      <Table.Td>
        <DepositStatus deposit={deposit} confirming={confirming} />
      </Table.Td>
    </Table.Tr>
  );
}

/** A phone's row: amount and status on top, method and date under them. */
function DepositItem({ deposit, confirming }: { deposit: PortalDeposit; confirming: boolean }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm" py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="deposit-row" data-deposit-id={deposit.id} data-status={deposit.status}>
      <Stack gap={2} style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="deposit-amount-cell">
          {formatMoney(deposit.amountMinor, deposit.currency)}
        </Text>
        <Text size="xs" c="dimmed">
          {deposit.methodName ?? humanize(deposit.methodId)} · {formatDateTime(deposit.createdAt)}
        </Text>
      </Stack>
      <DepositStatus deposit={deposit} confirming={confirming} align="flex-end" />
    </Group>
  );
}

function DepositStatus({ deposit, confirming, align = 'flex-start' }: { deposit: PortalDeposit; confirming: boolean; align?: 'flex-start' | 'flex-end' }) {
  const reason = deposit.status === 'failed' ? depositReasonText(deposit.reason) : null;
  // Just back from paying: the provider's confirmation is on its way, so no "continue payment" yet.
  const shown = confirming && deposit.status === 'pending' ? 'processing' : deposit.status;
  return (
    <Stack gap={2} align={align}>
      <Badge variant="light" color={depositStatusColor(shown)} style={{ minWidth: 'max-content' }} data-testid="deposit-status">
        {depositStatusLabel(shown)}
      </Badge>
      {reason && (
        <Text size="xs" c="dimmed" ta={align === 'flex-end' ? 'end' : undefined} data-testid="deposit-reason">
          {reason}
        </Text>
      )}
      {deposit.paymentUrl && shown === 'pending' && (
        <Anchor href={deposit.paymentUrl} size="xs" data-testid="deposit-continue">
          <Group gap={2} component="span" wrap="nowrap">
            {t('deposits.continue')}
            <IconExternalLink size={12} />
          </Group>
        </Anchor>
      )}
    </Stack>
  );
}
