import { Badge, Card, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { ClientAsOf, TradingAccountAt } from '../../api/point-in-time';
import { LabeledValue } from '../../components/LabeledValue';
import { formatDateTime, humanize, statusColor } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';

/** Trading accounts as they were (status, rights) and the wallet balances the ledger gives for that moment. */
export function AsOfAccounts({ accounts, wallet }: { accounts: readonly TradingAccountAt[]; wallet: ClientAsOf['walletBalances'] }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="as-of-accounts">
      <Title order={2} size="h4" mb="sm">
        Accounts
      </Title>
      {wallet !== null && (
        <>
          <Text fw={600} size="sm" mb={4}>
            Wallet (from the ledger)
          </Text>
          {wallet.length === 0 ? (
            <Text c="dimmed" size="sm" mb="md" data-testid="as-of-wallet-empty">
              No money with us yet.
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" mb="md">
              {wallet.map((b) => (
                <LabeledValue key={b.currency} name={b.currency}>
                  <Text size="sm" data-testid="as-of-wallet-balance">
                    {formatStaffMoney(b.availableMinor, b.currency)} available
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatStaffMoney(b.onHoldMinor, b.currency)} on hold · {formatStaffMoney(b.debtMinor, b.currency)} owed
                  </Text>
                </LabeledValue>
              ))}
            </SimpleGrid>
          )}
        </>
      )}
      <Text fw={600} size="sm" mb={4}>
        Trading accounts
      </Text>
      {accounts.length === 0 ? (
        <Text c="dimmed" size="sm">
          No trading accounts yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Platform · login</Table.Th>
                <Table.Th>Type · group</Table.Th>
                <Table.Th>Currency · leverage</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Rights</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {accounts.map((a) => (
                <Table.Tr key={a.id} data-testid="as-of-trading-account" data-status={a.status ?? ''}>
                  <Table.Td>{`${a.platformId ?? '—'} · ${a.login ?? '—'}`}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{`${humanize(a.accountType ?? '—')} · ${a.group ?? '—'}`}</Table.Td>
                  <Table.Td>{`${a.currency ?? '—'} · ${a.leverage ? `1:${a.leverage}` : '—'}`}</Table.Td>
                  <Table.Td>
                    {a.status ? (
                      <Badge variant="light" color={statusColor(a.status)}>
                        {humanize(a.status)}
                      </Badge>
                    ) : (
                      '—'
                    )}
                    {a.failureReason && (
                      <Text size="xs" c="dimmed">
                        {a.failureReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {a.rights ? humanize(a.rights) : '—'}
                    {a.desiredRights && (
                      <Text size="xs" c="orange.8">
                        → {humanize(a.desiredRights)} (not yet on the platform)
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(a.provisionedAt ?? a.requestedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
