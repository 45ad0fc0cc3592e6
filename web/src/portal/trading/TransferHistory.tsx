import { Badge, Card, Group, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { PortalTradingTransfer } from '../../api/trading-types';
import { directionOf, getLanguage, t } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { transferHint, transferStatusColor, transferStatusLabel } from './trading-status';

interface TransferHistoryProps {
  transfers: PortalTradingTransfer[] | undefined;
  /** Trading account id → its login. */
  logins: ReadonlyMap<string, string | null>;
}

/** The client's wallet ↔ account transfers, newest first: from and to, amount, and status ("processing" while pending, the reason when failed). */
export function TransferHistory({ transfers, logins }: TransferHistoryProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  if (transfers === undefined) return null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="transfer-history">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('transfers.title')}
      </Text>
      {transfers.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="transfers-empty">
          {t('transfers.empty')}
        </Text>
      ) : phone ? (
        <Stack gap={0}>
          {transfers.map((transfer) => (
            <TransferItem key={transfer.id} transfer={transfer} login={logins.get(transfer.tradingAccountId) ?? null} />
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('transfers.date')}</Table.Th>
                <Table.Th>{t('transfers.route')}</Table.Th>
                <Table.Th ta="end">{t('transfers.amount')}</Table.Th>
                <Table.Th>{t('transfers.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {transfers.map((transfer) => (
                <TransferRow key={transfer.id} transfer={transfer} login={logins.get(transfer.tradingAccountId) ?? null} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

interface ItemProps {
  transfer: PortalTradingTransfer;
  login: string | null;
}

function rowAttributes(transfer: PortalTradingTransfer) {
  return { 'data-testid': 'transfer-row', 'data-transfer-id': transfer.id, 'data-status': transfer.status, 'data-direction': transfer.direction };
}

function Route({ transfer, login }: ItemProps) {
  const account = t('transfers.account', { login: login ?? '—' });
  const wallet = t('transfers.wallet');
  const [from, to] = transfer.direction === 'to_account' ? [wallet, account] : [account, wallet];
  return (
    <Group gap={6} wrap="nowrap" data-testid="transfer-route">
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {from}
      </Text>
      <Text size="sm" c="dimmed">
        {directionOf(getLanguage()) === 'rtl' ? '←' : '→'}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {to}
      </Text>
    </Group>
  );
}

function Amount({ transfer }: { transfer: PortalTradingTransfer }) {
  return (
    <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="transfer-amount" data-minor={transfer.amountMinor}>
      {formatMoney(transfer.amountMinor, transfer.currency)}
    </Text>
  );
}

function TransferRow({ transfer, login }: ItemProps) {
  return (
    <Table.Tr {...rowAttributes(transfer)}>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(transfer.createdAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Route transfer={transfer} login={login} />
      </Table.Td>
      <Table.Td ta="end">
        <Amount transfer={transfer} />
      </Table.Td>
      <Table.Td maw={260}>
        <Status transfer={transfer} />
      </Table.Td>
    </Table.Tr>
  );
}

/** A phone's row: amount and status on top, the route and date under them. */
function TransferItem({ transfer, login }: ItemProps) {
  return (
    <Stack gap={6} py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} {...rowAttributes(transfer)}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Amount transfer={transfer} />
          <Text size="xs" c="dimmed">
            {formatDateTime(transfer.createdAt)}
          </Text>
        </Stack>
        <Status transfer={transfer} align="flex-end" />
      </Group>
      <Route transfer={transfer} login={login} />
    </Stack>
  );
}

function Status({ transfer, align = 'flex-start' }: { transfer: PortalTradingTransfer; align?: 'flex-start' | 'flex-end' }) {
  const hint = transferHint(transfer);
  const textAlign = align === 'flex-end' ? 'end' : undefined;
  return (
    <Stack gap={4} align={align} style={{ minWidth: 0 }}>
      <Badge variant="light" color={transferStatusColor(transfer.status)} style={{ minWidth: 'max-content' }} data-testid="transfer-status">
        {transferStatusLabel(transfer.status)}
      </Badge>
      {transfer.status === 'failed' && transfer.failureCode && (
        <Text size="xs" c="red.8" ta={textAlign} style={{ overflowWrap: 'anywhere' }} data-testid="transfer-reason" data-code={transfer.failureCode}>
          {t(`platformFailure.${transfer.failureCode}`)}
        </Text>
      )}
      {hint && (
        <Text size="xs" c="dimmed" ta={textAlign} data-testid="transfer-hint">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
