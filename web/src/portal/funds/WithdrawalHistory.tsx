import { Alert, Badge, Button, Card, Center, Group, Loader, Popover, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import type { PortalWithdrawal } from '../../api/withdrawal-types';
import { portalWithdrawalApi } from '../../api/withdrawals';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { formatDateTime, humanize } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { portalErrorMessage } from '../errors';
import { withdrawalHint, withdrawalReasonText, withdrawalStatusColor, withdrawalStatusLabel } from './withdrawal-status';

interface WithdrawalHistoryProps {
  withdrawals: PortalWithdrawal[] | undefined;
  loading: boolean;
  error: ApiError | null;
  /** Method names by id (the client's capabilities), for the "to" column. */
  methodNames: ReadonlyMap<string, string>;
  onRefresh: () => void;
  /** After a cancel: the list and the balances change. */
  onCancelled: () => void;
}

/** The client's withdrawals, newest first: amount, where to, the client-facing status with the decline reason, and Cancel while allowed. */
export function WithdrawalHistory({ withdrawals, loading, error, methodNames, onRefresh, onCancelled }: WithdrawalHistoryProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-history" aria-busy={loading}>
      <Group justify="space-between" mb="md">
        <Text fw={700} size="sm" tt="uppercase" c="indigo">
          {t('withdrawals.title')}
        </Text>
        <Button variant="subtle" size="compact-sm" leftSection={<IconRefresh size={14} />} onClick={onRefresh} loading={loading && withdrawals !== undefined} data-testid="withdrawals-refresh">
          {t('withdrawals.refresh')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="sm" title={t('withdrawals.error')}>
          {error.message}
        </Alert>
      )}
      {!withdrawals ? (
        !error && (
          <Center h={80}>
            <Loader size="sm" aria-label={t('app.loading')} />
          </Center>
        )
      ) : withdrawals.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="withdrawals-empty">
          {t('withdrawals.empty')}
        </Text>
      ) : phone ? (
        <Stack gap={0}>
          {withdrawals.map((w) => (
            <WithdrawalItem key={w.id} withdrawal={w} methodName={methodNames.get(w.methodId)} onCancelled={onCancelled} />
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('withdrawals.date')}</Table.Th>
                <Table.Th>{t('withdrawals.to')}</Table.Th>
                <Table.Th ta="end">{t('withdrawals.amount')}</Table.Th>
                <Table.Th>{t('withdrawals.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {withdrawals.map((w) => (
                <WithdrawalRow key={w.id} withdrawal={w} methodName={methodNames.get(w.methodId)} onCancelled={onCancelled} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

interface ItemProps {
  withdrawal: PortalWithdrawal;
  methodName: string | undefined;
  onCancelled: () => void;
}

function Destination({ withdrawal, methodName }: Omit<ItemProps, 'onCancelled'>) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="withdrawal-destination">
        {withdrawal.destination ?? '—'}
      </Text>
      <Text size="xs" c="dimmed">
        {methodName ?? humanize(withdrawal.methodId)}
      </Text>
    </Stack>
  );
}

function WithdrawalRow({ withdrawal, methodName, onCancelled }: ItemProps) {
  return (
    <Table.Tr data-testid="withdrawal-row" data-withdrawal-id={withdrawal.id} data-status={withdrawal.status}>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(withdrawal.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td maw={220}>
        <Destination withdrawal={withdrawal} methodName={methodName} />
      </Table.Td>
      <Table.Td ta="end">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="withdrawal-amount">
          {formatMoney(withdrawal.amountMinor, withdrawal.currency)}
        </Text>
      </Table.Td>
      <Table.Td maw={240}>
        <WithdrawalStatus withdrawal={withdrawal} onCancelled={onCancelled} />
      </Table.Td>
    </Table.Tr>
  );
}

/** A phone's row: amount and status on top, destination and date under them. */
function WithdrawalItem({ withdrawal, methodName, onCancelled }: ItemProps) {
  return (
    <Stack gap={6} py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="withdrawal-row" data-withdrawal-id={withdrawal.id} data-status={withdrawal.status}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="withdrawal-amount">
            {formatMoney(withdrawal.amountMinor, withdrawal.currency)}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(withdrawal.createdAt)}
          </Text>
        </Stack>
        <WithdrawalStatus withdrawal={withdrawal} onCancelled={onCancelled} align="flex-end" />
      </Group>
      <Destination withdrawal={withdrawal} methodName={methodName} />
    </Stack>
  );
}

function WithdrawalStatus({ withdrawal, onCancelled, align = 'flex-start' }: { withdrawal: PortalWithdrawal; onCancelled: () => void; align?: 'flex-start' | 'flex-end' }) {
  const reason = withdrawalReasonText(withdrawal);
  const hint = withdrawalHint(withdrawal);
  const textAlign = align === 'flex-end' ? 'end' : undefined;
  return (
    <Stack gap={4} align={align}>
      <Badge variant="light" color={withdrawalStatusColor(withdrawal.status)} style={{ minWidth: 'max-content' }} data-testid="withdrawal-status">
        {withdrawalStatusLabel(withdrawal.status)}
      </Badge>
      {reason ? (
        <Text size="xs" c="red.8" ta={textAlign} data-testid="withdrawal-reason">
          {reason}
        </Text>
      ) : (
        hint && (
          <Text size="xs" c="dimmed" ta={textAlign} data-testid="withdrawal-hint">
            {hint}
          </Text>
        )
      )}
      {withdrawal.canCancel && <CancelButton withdrawal={withdrawal} onCancelled={onCancelled} />}
    </Stack>
  );
}

function CancelButton({ withdrawal, onCancelled }: { withdrawal: PortalWithdrawal; onCancelled: () => void }) {
  const [opened, setOpened] = useState(false);
  const cancel = useSubmit(portalWithdrawalApi.cancel);

  async function onConfirm() {
    const result = await cancel.run(withdrawal.id);
    // Refused (support picked it up meanwhile) or done: either way the list shows where it stands now.
    if (result.ok) setOpened(false);
    onCancelled();
  }

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md" width={260}>
      <Popover.Target>
        <Button variant="outline" color="gray" size="compact-xs" onClick={() => setOpened((o) => !o)} data-testid="withdrawal-cancel">
          {t('withdrawals.cancel')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{t('withdrawals.cancel.confirm')}</Text>
          {cancel.error && (
            <Text size="xs" c="red.7" data-testid="withdrawal-cancel-error">
              {portalErrorMessage(cancel.error)}
            </Text>
          )}
          <Group gap="xs" justify="flex-end">
            <Button size="compact-sm" variant="default" onClick={() => setOpened(false)}>
              {t('withdrawals.cancel.no')}
            </Button>
            <Button size="compact-sm" color="red" loading={cancel.loading} onClick={() => void onConfirm()} data-testid="withdrawal-cancel-confirm">
              {t('withdrawals.cancel.yes')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
