import { Alert, Anchor, Badge, Button, Group, SegmentedControl, Select, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconRefresh } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import type { EntityInfo } from '../../api/types';
import type { WithdrawalQueueItem, WithdrawalQueueName, WithdrawalQueueQuery } from '../../api/withdrawal-types';
import { backofficeWithdrawalApi } from '../../api/withdrawals';
import { useCountedCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { formatDuration } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';
import { EntitySelect, entityName, useEntities } from '../EntitySelect';
import { label } from '../kyc/labels';
import { SlaTimer } from '../kyc/SlaTimer';
import { useStaffSession } from '../session';
import { METHOD_KIND_LABELS } from './labels';
import { operationsApi } from '../../api/operations';
import { ExportCsvButton } from '../operations/ExportCsvButton';
import { homeQueue, REVIEW_REASON_LABELS, SUPERVISOR_REASONS, WITHDRAWAL_QUEUE_TABS, WITHDRAWAL_STATUS_LABELS, withdrawalStatusColor } from './withdrawal-labels';
import { ListFooter } from '../../components/ListFooter';

const FILTERS = ['queue', 'entity', 'currency', 'assignee', 'sort'] as const;

function isQueue(value: string | null): value is WithdrawalQueueName {
  return WITHDRAWAL_QUEUE_TABS.some((tab) => tab.value === value);
}

/**
 * `/backoffice/payments/withdrawals`: the withdrawal stage queues as tabs with
 * counts; filters (entity, currency, assignee) and sort in the address; the
 * stage SLA timer per row; pages of 50 by cursor.
 */
export function WithdrawalQueuePage() {
  const { staff } = useStaffSession();
  const phone = useMediaQuery('(max-width: 48em)');
  const [params] = useSearchParams();
  const queueParam = params.get('queue');
  const query: WithdrawalQueueQuery = {
    queue: isQueue(queueParam) ? queueParam : homeQueue(staff.roles),
    entity: params.get('entity'),
    currency: params.get('currency'),
    assignee: params.get('assignee'),
    sort: params.get('sort') === 'newest' ? 'newest' : null,
  };
  const key = FILTERS.map((name) => params.get(name) ?? '').join('\u0000');
  const { list, counts } = useCountedCursorList<WithdrawalQueueItem, Partial<Record<WithdrawalQueueName, number>>>((cursor, signal) => backofficeWithdrawalApi.queue(query, cursor, signal), [key], {});

  const setFilter = useSetSearchParam();

  const { entities, error: entitiesError } = useEntities();
  const currencies = [...new Set([...entities.flatMap((e) => e.currencies ?? []), ...(query.currency ? [query.currency] : [])])].sort();
  const filtered = Boolean(query.entity || query.currency || query.assignee);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Withdrawals
        </Title>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            aria-label="Sort the queue"
            data={[
              { value: 'oldest', label: 'Longest in stage' },
              { value: 'newest', label: 'Newest in stage' },
            ]}
            value={query.sort ?? 'oldest'}
            onChange={(v) => setFilter('sort', v === 'oldest' ? null : v)}
            data-testid="sort"
          />
          <ExportCsvButton href={operationsApi.withdrawalQueueCsv({ ...query })} />
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={list.reload} data-testid="queue-refresh">
            Refresh
          </Button>
        </Group>
      </Group>

      {phone ? (
        // Seven tabs do not fit a phone: the queues become a list to choose from, with their counts.
        <Select
          label="Queue"
          allowDeselect={false}
          data={WITHDRAWAL_QUEUE_TABS.map((tab) => ({ value: tab.value, label: tab.value === 'closed' ? tab.label : `${tab.label} (${counts[tab.value] ?? 0})` }))}
          value={query.queue}
          onChange={(value) => setFilter('queue', value)}
          data-testid="queue-select"
        />
      ) : (
        <Tabs value={query.queue} onChange={(value) => setFilter('queue', value)} keepMounted={false}>
          <Tabs.List data-testid="queue-tabs">
            {WITHDRAWAL_QUEUE_TABS.map((tab) => (
              <Tabs.Tab
                key={tab.value}
                value={tab.value}
                data-testid="queue-tab"
                data-queue={tab.value}
                rightSection={
                  tab.value === 'closed' ? undefined : (
                    <Badge size="sm" variant={counts[tab.value] ? 'filled' : 'light'} color={counts[tab.value] ? (tab.value === 'escalated' ? 'grape' : 'indigo') : 'gray'} data-testid="queue-count">
                      {counts[tab.value] ?? 0}
                    </Badge>
                  )
                }
              >
                {tab.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
      )}

      <Group align="flex-end" gap="sm" data-testid="queue-filters">
        <EntitySelect entities={entities} error={entitiesError} value={query.entity ?? null} onChange={(v) => setFilter('entity', v)} w={200} testId="filter-entity" />
        <Select label="Currency" placeholder="Any currency" clearable data={currencies} value={query.currency ?? null} onChange={(v) => setFilter('currency', v)} w={140} data-testid="filter-currency" />
        <Select
          label="Assignee"
          placeholder="Anyone"
          clearable
          data={[
            { value: 'me', label: 'Me' },
            { value: 'unassigned', label: 'Unassigned' },
          ]}
          value={query.assignee ?? null}
          onChange={(v) => setFilter('assignee', v)}
          w={140}
          data-testid="filter-assignee"
        />
      </Group>

      {list.error && (
        <Alert color="red" variant="light" title="Could not load the queue">
          {list.error.message}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={1040}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="withdrawal-queue" aria-busy={list.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th ta="end">Amount</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Review reasons</Table.Th>
              <Table.Th>Assignee</Table.Th>
              <Table.Th>In stage</Table.Th>
              <Table.Th>SLA</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((item) => (
              <QueueRow key={item.id} item={item} entities={entities} staffId={staff.id} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <ListFooter list={list} loadingLabel="Loading the queue" empty={<>{filtered ? 'No withdrawals match.' : query.queue === 'closed' ? 'No closed withdrawals yet.' : 'Nothing waits in this queue.'}</>} emptyTestId="queue-empty" />
    </Stack>
  );
}

function QueueRow({ item, entities, staffId }: { item: WithdrawalQueueItem; entities: readonly EntityInfo[]; staffId: string }) {
  const name = item.clientName.trim() || item.clientEmail;
  const inStageMs = Date.now() - new Date(item.stageEnteredAt).getTime();
  return (
    <Table.Tr data-testid="queue-row" data-withdrawal-id={item.id} data-status={item.status}>
      <Table.Td maw={260}>
        <Anchor component={Link} to={`/backoffice/payments/withdrawals/${encodeURIComponent(item.id)}`} fw={500} display="block" truncate="end" title={name}>
          {name}
        </Anchor>
        <Text size="xs" c="dimmed" truncate="end" title={item.clientEmail}>
          {item.clientEmail}
        </Text>
      </Table.Td>
      <Table.Td title={entityName(entities, item.entityId)}>{item.entityId}</Table.Td>
      <Table.Td ta="end">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="queue-amount">
          {formatStaffMoney(item.amountMinor, item.currency)}
        </Text>
      </Table.Td>
      <Table.Td maw={200}>
        <Text size="sm">{label(METHOD_KIND_LABELS, item.methodKind)}</Text>
        <Text size="xs" c="dimmed" truncate="end" title={item.destination.label}>
          {item.destination.label}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={withdrawalStatusColor(item.status)} style={{ minWidth: 'max-content' }}>
          {label(WITHDRAWAL_STATUS_LABELS, item.status)}
        </Badge>
        {item.payoutFailureReason && item.status === 'finance_review' && (
          <Tooltip label={item.payoutFailureReason} withArrow multiline maw={320}>
            <Badge size="xs" color="orange" variant="outline" mt={4} display="block" style={{ minWidth: 'max-content' }} data-testid="payout-reopened">
              Payout came back
            </Badge>
          </Tooltip>
        )}
      </Table.Td>
      <Table.Td miw={160}>
        <Group gap={4}>
          {item.reviewReasons.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            item.reviewReasons.map((reason) => (
              <Tooltip key={reason.code} label={reason.detail} withArrow multiline maw={320}>
                <Badge size="sm" variant="outline" color={SUPERVISOR_REASONS.has(reason.code) ? 'grape' : 'orange'} style={{ minWidth: 'max-content' }} data-testid="review-reason" data-code={reason.code}>
                  {label(REVIEW_REASON_LABELS, reason.code)}
                </Badge>
              </Tooltip>
            ))
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {item.assignedTo === null ? (
          <Text span c="dimmed" size="sm">
            Unassigned
          </Text>
        ) : item.assignedTo === staffId ? (
          <Text span size="sm" fw={600}>
            Me
          </Text>
        ) : (
          <Text span size="sm">
            Assigned
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDuration(inStageMs)}</Table.Td>
      <Table.Td>
        <SlaTimer sla={item.sla} compact />
      </Table.Td>
    </Table.Tr>
  );
}
