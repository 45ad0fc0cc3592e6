import { Alert, Badge, Button, Card, Center, Code, Group, Loader, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { backofficeTradingApi } from '../api/trading';
import type { StaffTradingAccount, StaffTradingTransfer } from '../api/trading-types';
import { useLoad } from '../hooks/useLoad';
import { formatDateTime, humanize } from '../lib/format';
import { formatStaffMoney } from '../lib/money';

const ACCOUNT_STATUS_COLORS: Record<string, string> = {
  requested: 'blue',
  failed: 'red',
  active: 'green',
  read_only: 'orange',
  trading_disabled: 'orange',
  login_disabled: 'red',
  archived: 'gray',
};
const TRANSFER_STATUS_COLORS: Record<string, string> = { pending: 'blue', completed: 'green', failed: 'red' };

/**
 * The client's trading accounts (read-only, `trading_account.view`): platform,
 * live/demo, login, the platform group, currency, leverage, status (a failed
 * one with the platform's reason), rights and when it was opened; then the
 * wallet ↔ account transfers with our reference and the platform's deal.
 */
export function ClientTradingAccounts({ clientId }: { clientId: string }) {
  const { data, error, loading, reload } = useLoad((signal) => backofficeTradingApi.clientAccounts(clientId, signal), [clientId]);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="client-trading-accounts" aria-busy={loading}>
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Trading accounts
        </Title>
        <Button variant="subtle" size="compact-sm" onClick={reload} loading={loading && data !== undefined}>
          Refresh
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="md" title="Could not load the trading accounts">
          {error.message}
        </Alert>
      )}
      {!data ? (
        !error && (
          <Center h={80}>
            <Loader size="sm" aria-label="Loading the trading accounts" />
          </Center>
        )
      ) : data.accounts.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="trading-accounts-none">
          This client has no trading account.
        </Text>
      ) : (
        <Stack gap="lg">
          <Accounts accounts={data.accounts} />
          <div>
            <Text fw={600} size="sm" mb="xs">
              Transfers
            </Text>
            {data.transfers.length === 0 ? (
              <Text size="sm" c="dimmed" data-testid="trading-transfers-none">
                No money has moved between the wallet and the trading accounts.
              </Text>
            ) : (
              <Transfers transfers={data.transfers} />
            )}
          </div>
        </Stack>
      )}
    </Card>
  );
}

function Accounts({ accounts }: { accounts: StaffTradingAccount[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" striped highlightOnHover data-testid="staff-trading-accounts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Platform</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Login</Table.Th>
            <Table.Th>Group</Table.Th>
            <Table.Th>Currency</Table.Th>
            <Table.Th>Leverage</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Rights on platform</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {accounts.map((a) => (
            <Table.Tr key={a.id} data-testid="staff-trading-account" data-account-id={a.id} data-login={a.login ?? undefined} data-status={a.status} data-type={a.accountType}>
              <Table.Td maw={200}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {a.platformName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant={a.accountType === 'live' ? 'filled' : 'light'} color={a.accountType === 'live' ? 'indigo' : 'gray'} size="sm" style={{ minWidth: 'max-content' }}>
                  {a.accountType === 'live' ? 'Live' : 'Demo'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="staff-trading-login">
                  {a.login ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code style={{ whiteSpace: 'nowrap' }} data-testid="staff-trading-group">
                  {a.group}
                </Code>
              </Table.Td>
              <Table.Td>{a.currency}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>1:{a.leverage}</Table.Td>
              <Table.Td maw={260}>
                <Stack gap={2}>
                  <Badge variant="light" color={ACCOUNT_STATUS_COLORS[a.status] ?? 'gray'} size="sm" style={{ minWidth: 'max-content' }} data-testid="staff-trading-status">
                    {humanize(a.status)}
                  </Badge>
                  {a.status === 'failed' && a.failureReason && (
                    <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }}>
                      {a.failureReason}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <Text size="sm" c={a.rights ? undefined : 'dimmed'} data-testid="staff-trading-rights">
                    {a.rights ? humanize(a.rights) : '—'}
                  </Text>
                  {a.rightsChange && (
                    <Tooltip label={a.rightsChange.lastError ?? 'Waiting for the platform job'} withArrow multiline maw={320}>
                      <Text size="xs" c={a.rightsChange.state === 'failed' ? 'red.8' : 'orange.8'} style={{ whiteSpace: 'nowrap' }} data-testid="staff-trading-rights-change" data-state={a.rightsChange.state}>
                        → {humanize(a.rightsChange.desired)} ({a.rightsChange.state})
                      </Text>
                    </Tooltip>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Tooltip label={`Reference on the platform: ${a.reference}`} withArrow>
                  <Text size="sm">{formatDateTime(a.createdAt)}</Text>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Transfers({ transfers }: { transfers: StaffTradingTransfer[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" striped highlightOnHover data-testid="staff-trading-transfers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Direction</Table.Th>
            <Table.Th ta="end">Amount</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Platform deal</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {transfers.map((x) => (
            <Table.Tr key={x.id} data-testid="staff-trading-transfer" data-transfer-id={x.id} data-status={x.status} data-direction={x.direction}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDateTime(x.createdAt)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{x.direction === 'to_account' ? `Wallet → ${x.login ?? '—'}` : `${x.login ?? '—'} → wallet`}</Text>
              </Table.Td>
              <Table.Td ta="end" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                <Text size="sm" fw={600} data-testid="staff-transfer-amount">
                  {formatStaffMoney(x.amountMinor, x.currency)}
                </Text>
              </Table.Td>
              <Table.Td maw={280}>
                <Stack gap={2}>
                  <Badge variant="light" color={TRANSFER_STATUS_COLORS[x.status] ?? 'gray'} size="sm" style={{ minWidth: 'max-content' }} data-testid="staff-transfer-status">
                    {humanize(x.status)}
                  </Badge>
                  {x.reason && (
                    <Text size="xs" c="red.8" style={{ overflowWrap: 'anywhere' }}>
                      {x.reason}
                    </Text>
                  )}
                  {x.status === 'pending' && x.attempts > 1 && (
                    <Text size="xs" c="dimmed">
                      {x.attempts} attempts so far
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Code>{x.reference}</Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={x.platformDealId ? undefined : 'dimmed'}>
                  {x.platformDealId ?? '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
