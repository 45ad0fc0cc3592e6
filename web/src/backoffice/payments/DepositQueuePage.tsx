import { Alert, Anchor, Badge, Button, Group, SegmentedControl, Select, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { backofficeApi } from '../../api/backoffice';
import type { DepositQueueItem, DepositQueueQuery, DepositQueueSort, EntityInfo } from '../../api/types';
import { useCountedCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { formatDuration } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';
import { EntitySelect, entityName, useEntities } from '../EntitySelect';
import { label } from '../kyc/labels';
import { SlaTimer } from '../kyc/SlaTimer';
import { operationsApi } from '../../api/operations';
import { ExportCsvButton } from '../operations/ExportCsvButton';
import { clientAlertText, DEPOSIT_REVIEW_STATUSES, DEPOSIT_STATUS_LABELS, depositStatusColor, RULE_HIT_LABELS, SORT_OPTIONS } from './labels';
import { ListFooter } from '../../components/ListFooter';

type FilterName = 'entity' | 'status' | 'currency' | 'sort';
const FILTERS: FilterName[] = ['entity', 'status', 'currency', 'sort'];
const SORTS: readonly string[] = ['oldest', 'newest', 'amount'];

/**
 * `/backoffice/payments/deposits`: the deposits waiting for finance, on the KYC queue's conventions: filters in the
 * address, counts per review status, sort, SLA timers against `deposit_review`, pages of 50.
 */
export function DepositQueuePage() {
  const [params] = useSearchParams();
  const sortParam = params.get('sort');
  const query: DepositQueueQuery = {
    entity: params.get('entity'),
    status: params.get('status'),
    currency: params.get('currency'),
    sort: sortParam && SORTS.includes(sortParam) ? (sortParam as DepositQueueSort) : null,
  };
  const key = FILTERS.map((name) => params.get(name) ?? '').join('\u0000');
  const { list, counts } = useCountedCursorList<DepositQueueItem, Record<string, number>>((cursor, signal) => backofficeApi.depositQueue(query, cursor, signal), [key], {});

  const setFilter = useSetSearchParam();

  const { entities, error: entitiesError } = useEntities();
  // The currencies of the entities in scope; one from the address stays selectable.
  const currencies = [...new Set([...entities.flatMap((e) => e.currencies ?? []), ...(query.currency ? [query.currency] : [])])].sort();

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Deposit review
        </Title>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            aria-label="Sort the queue"
            data={SORT_OPTIONS}
            value={query.sort ?? 'oldest'}
            onChange={(v) => setFilter('sort', v === 'oldest' ? null : v)}
            data-testid="sort"
          />
          <ExportCsvButton href={operationsApi.depositQueueCsv({ ...query })} />
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={list.reload} data-testid="queue-refresh">
            Refresh
          </Button>
        </Group>
      </Group>

      <Group gap="xs" data-testid="queue-counts">
        {DEPOSIT_REVIEW_STATUSES.map((status) => {
          const active = query.status === status;
          return (
            <UnstyledButton key={status} onClick={() => setFilter('status', active ? null : status)} aria-pressed={active}>
              <Badge size="lg" variant={active ? 'filled' : 'light'} color={depositStatusColor(status)} data-testid="queue-count" data-status={status} rightSection={<b>{counts[status] ?? 0}</b>}>
                {label(DEPOSIT_STATUS_LABELS, status)}
              </Badge>
            </UnstyledButton>
          );
        })}
      </Group>

      <Group align="flex-end" gap="sm" data-testid="queue-filters">
        <EntitySelect entities={entities} error={entitiesError} value={query.entity ?? null} onChange={(v) => setFilter('entity', v)} w={200} testId="filter-entity" />
        <Select
          label="Status"
          placeholder="Needs review"
          clearable
          data={Object.entries(DEPOSIT_STATUS_LABELS).map(([value, text]) => ({ value, label: text }))}
          value={query.status ?? null}
          onChange={(v) => setFilter('status', v)}
          w={220}
          data-testid="filter-status"
        />
        <Select label="Currency" placeholder="Any currency" clearable data={currencies} value={query.currency ?? null} onChange={(v) => setFilter('currency', v)} w={140} data-testid="filter-currency" />
      </Group>

      {list.error && (
        <Alert color="red" variant="light" title="Could not load the queue">
          {list.error.message}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={1020}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="deposit-queue" aria-busy={list.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th ta="end">Amount</Table.Th>
              <Table.Th>Method</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rule hits</Table.Th>
              <Table.Th>Waiting</Table.Th>
              <Table.Th>SLA</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((item) => (
              <QueueRow key={item.id} item={item} entities={entities} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <ListFooter list={list} loadingLabel="Loading the queue" empty={<>{query.status || query.entity || query.currency ? 'No deposits match.' : 'No deposits are waiting for review.'}</>} emptyTestId="queue-empty" />
    </Stack>
  );
}

function QueueRow({ item, entities }: { item: DepositQueueItem; entities: readonly EntityInfo[] }) {
  const name = item.clientName.trim() || item.clientEmail;
  return (
    <Table.Tr data-testid="queue-row" data-deposit-id={item.id} data-status={item.status}>
      <Table.Td maw={260}>
        <Anchor component={Link} to={`/backoffice/payments/deposits/${encodeURIComponent(item.id)}`} fw={500} display="block" truncate="end" title={name}>
          {name}
        </Anchor>
        <Text size="xs" c="dimmed" truncate="end" title={item.clientEmail}>
          {item.clientEmail}
        </Text>
        {((item.clientOpenFlags?.length ?? 0) > 0 || (item.clientDebts?.length ?? 0) > 0) && (
          <Tooltip label={clientAlertText(item)} withArrow multiline maw={320}>
            <Badge size="xs" color="red" variant="light" mt={2} data-testid="client-flagged">
              Client flagged
            </Badge>
          </Tooltip>
        )}
      </Table.Td>
      <Table.Td title={entityName(entities, item.entityId)}>{item.entityId}</Table.Td>
      <Table.Td ta="end">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid="queue-amount">
          {formatStaffMoney(item.amountMinor, item.currency)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{item.methodName ?? item.methodId}</Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={depositStatusColor(item.status)} style={{ minWidth: 'max-content' }}>
          {label(DEPOSIT_STATUS_LABELS, item.status)}
        </Badge>
      </Table.Td>
      <Table.Td miw={160}>
        <Group gap={4}>
          {item.ruleHits.length === 0 ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : (
            item.ruleHits.map((hit) => (
              <Tooltip key={hit.code} label={hit.detail} withArrow multiline maw={320}>
                <Badge size="sm" variant="outline" color="orange" style={{ minWidth: 'max-content' }} data-testid="rule-hit" data-code={hit.code}>
                  {label(RULE_HIT_LABELS, hit.code)}
                </Badge>
              </Tooltip>
            ))
          )}
        </Group>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{item.ageMs === null ? '—' : formatDuration(item.ageMs)}</Table.Td>
      <Table.Td>
        <SlaTimer sla={item.sla} compact />
      </Table.Td>
    </Table.Tr>
  );
}
