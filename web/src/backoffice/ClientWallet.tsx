import { Alert, Anchor, Badge, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { backofficeApi } from '../api/backoffice';
import type { JournalEntry, JournalLine, WalletBalance } from '../api/types';
import { useCursorList } from '../hooks/useCursorList';
import { formatDateTime, humanize } from '../lib/format';
import { formatSignedMoney, formatStaffMoney, isZero } from '../lib/money';
import { shortDepositId } from './payments/labels';

const ENTRY_KIND_LABELS: Record<string, string> = {
  deposit_credit: 'Deposit credited',
  deposit_refund: 'Deposit refunded',
  deposit_refund_reversal: 'Refund reversed',
  chargeback: 'Chargeback',
  chargeback_reversal: 'Chargeback reversed',
  withdrawal_hold: 'Withdrawal hold',
  withdrawal_release: 'Hold released',
  withdrawal_settle: 'Withdrawal paid',
  withdrawal_return: 'Payout returned',
  transfer_to_platform: 'To trading account',
  transfer_from_platform: 'From trading account',
  fee: 'Fee',
  debt_repayment: 'Debt repaid',
  debt_write_off: 'Debt written off',
};

const ACCOUNT_COLUMNS: { kind: JournalLine['accountKind']; label: string }[] = [
  { kind: 'client_wallet', label: 'Available' },
  { kind: 'client_hold', label: 'On hold' },
  { kind: 'client_debt', label: 'Debt' },
];

/** Where a journal entry's business reference leads in the back office, and its words. */
function referenceLink(entry: JournalEntry): { to: string; text: string } | null {
  if (entry.depositId) return { to: `/backoffice/payments/deposits/${encodeURIComponent(entry.depositId)}`, text: `Deposit ${shortDepositId(entry.depositId)}` };
  // A withdrawal's hold and its release; the payout's own entries name the payout attempt.
  if (entry.businessRef.type === 'withdrawal') {
    return { to: `/backoffice/payments/withdrawals/${encodeURIComponent(entry.businessRef.id)}`, text: `Withdrawal ${shortDepositId(entry.businessRef.id)}` };
  }
  return null;
}

/**
 * The client's wallet (read-only, `wallet.view`): balances per currency and the journal, every ledger entry that
 * moved the client's wallet, hold or debt, newest first, paged.
 */
export function ClientWallet({ clientId }: { clientId: string }) {
  const [balances, setBalances] = useState<WalletBalance[] | null>(null);
  const list = useCursorList(async (cursor, signal) => {
    const wallet = await backofficeApi.clientWallet(clientId, cursor, signal);
    if (cursor === null) setBalances(wallet.balances);
    return wallet.journal;
  }, [clientId]);

  return (
    <Card withBorder radius="md" padding="lg" data-testid="client-wallet">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Wallet
        </Title>
        <Button variant="subtle" size="compact-sm" onClick={list.reload} loading={list.loading && balances !== null}>
          Refresh
        </Button>
      </Group>
      {list.error && (
        <Alert color="red" variant="light" mb="md" title="Could not load the wallet">
          {list.error.message}
        </Alert>
      )}
      {balances === null ? (
        !list.error && (
          <Center h={80}>
            <Loader size="sm" aria-label="Loading the wallet" />
          </Center>
        )
      ) : (
        <Stack gap="lg">
          {balances.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="wallet-empty">
              No money has moved on this client's accounts yet.
            </Text>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              {balances.map((balance) => (
                <Balance key={balance.currency} balance={balance} />
              ))}
            </SimpleGrid>
          )}
          {list.items.length > 0 && <Journal entries={list.items} />}
          {list.nextCursor && (
            <Center>
              <Button variant="default" size="xs" onClick={list.loadMore} loading={list.loadingMore} data-testid="journal-load-more">
                Load more
              </Button>
            </Center>
          )}
        </Stack>
      )}
    </Card>
  );
}

function Balance({ balance }: { balance: WalletBalance }) {
  const owes = !isZero(balance.debtMinor);
  return (
    <Card withBorder radius="md" padding="sm" data-testid="wallet-balance" data-currency={balance.currency}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          Available
        </Text>
        <Badge variant="light" size="sm">
          {balance.currency}
        </Badge>
      </Group>
      <Text fw={700} size="xl" style={{ fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }} data-testid="wallet-available" data-minor={balance.availableMinor}>
        {formatStaffMoney(balance.availableMinor, balance.currency)}
      </Text>
      <Group justify="space-between" mt={4} wrap="nowrap">
        <Text size="sm" c="dimmed">
          On hold
        </Text>
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="wallet-on-hold">
          {formatStaffMoney(balance.onHoldMinor, balance.currency)}
        </Text>
      </Group>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c={owes ? 'red.7' : 'dimmed'} fw={owes ? 600 : undefined}>
          Debt
        </Text>
        <Text size="sm" c={owes ? 'red.7' : undefined} fw={owes ? 600 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="wallet-debt">
          {formatStaffMoney(balance.debtMinor, balance.currency)}
        </Text>
      </Group>
    </Card>
  );
}

function Journal({ entries }: { entries: JournalEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" striped highlightOnHover data-testid="journal">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Description</Table.Th>
            {ACCOUNT_COLUMNS.map((column) => (
              <Table.Th key={column.kind} ta="end" style={{ whiteSpace: 'nowrap' }}>
                {column.label}
              </Table.Th>
            ))}
            <Table.Th>Reference</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <JournalRow key={entry.id} entry={entry} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function JournalRow({ entry }: { entry: JournalEntry }) {
  const link = referenceLink(entry);
  return (
    <Table.Tr data-testid="journal-entry" data-kind={entry.kind} data-deposit-id={entry.depositId ?? undefined}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatDateTime(entry.occurredAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={entry.kind === 'chargeback' ? 'red' : 'indigo'} style={{ minWidth: 'max-content' }}>
          {ENTRY_KIND_LABELS[entry.kind] ?? humanize(entry.kind)}
        </Badge>
      </Table.Td>
      <Table.Td maw={320}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {entry.description}
        </Text>
        <Text size="xs" c="dimmed">
          by {entry.createdByLabel}
        </Text>
      </Table.Td>
      {ACCOUNT_COLUMNS.map((column) => {
        const lines = entry.lines.filter((line) => line.accountKind === column.kind);
        return (
          <Table.Td key={column.kind} ta="end" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
            {lines.length === 0 ? (
              <Text size="sm" c="dimmed">
                —
              </Text>
            ) : (
              lines.map((line) => (
                <Text key={line.account} size="sm" fw={600} c={line.amountMinor.startsWith('-') ? 'red.7' : 'green.8'} data-testid="journal-amount" data-account={column.kind}>
                  {formatSignedMoney(line.amountMinor, line.currency)}
                </Text>
              ))
            )}
          </Table.Td>
        );
      })}
      <Table.Td maw={200}>
        {link ? (
          <Anchor component={Link} to={link.to} size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="journal-reference">
            {link.text}
          </Anchor>
        ) : (
          <Tooltip label={`${entry.businessRef.type} ${entry.businessRef.id}`} withArrow>
            <Text size="xs" c="dimmed" truncate="end">
              {humanize(entry.businessRef.type)} {entry.businessRef.id}
            </Text>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
