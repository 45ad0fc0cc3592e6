import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { backofficeApi } from '../../api/backoffice';
import type { EntityInfo, KycQueueItem, KycQueueQuery } from '../../api/types';
import { useCountedCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { formatDuration, riskColor, statusColor } from '../../lib/format';
import { entityName, useEntities } from '../EntitySelect';
import { CASE_STATUS_LABELS, KIND_LABELS, label, OPEN_STATUSES } from './labels';
import { QueueFilters, QueueSort, type FilterName } from './QueueFilters';
import { SlaTimer } from './SlaTimer';
import { operationsApi } from '../../api/operations';
import { ExportCsvButton } from '../operations/ExportCsvButton';
import { ListFooter } from '../../components/ListFooter';

const FILTERS: FilterName[] = ['entity', 'country', 'risk', 'status', 'assignee', 'minAgeHours', 'sort'];

/** `/backoffice/kyc`: the KYC queue with filters, sort, counts per status, SLA timers and pages of 50. */
export function KycQueuePage() {
  const [params] = useSearchParams();
  const query: KycQueueQuery = {
    entity: params.get('entity'),
    country: params.get('country'),
    risk: params.get('risk'),
    status: params.get('status'),
    assignee: params.get('assignee'),
    minAgeHours: params.get('minAgeHours') ? Number(params.get('minAgeHours')) : null,
    sort: params.get('sort') === 'sla' ? 'sla' : null,
  };
  const key = FILTERS.map((name) => params.get(name) ?? '').join('\u0000');
  const { list, counts } = useCountedCursorList<KycQueueItem, Record<string, number>>((cursor, signal) => backofficeApi.kycQueue(query, cursor, signal), [key], {});

  const setFilter = useSetSearchParam();

  const { entities, error: entitiesError } = useEntities();

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          KYC queue
        </Title>
        <Group gap="sm">
          <QueueSort value={query.sort} onChange={(value) => setFilter('sort', value)} />
          <ExportCsvButton href={operationsApi.kycQueueCsv({ ...query })} />
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={list.reload} data-testid="queue-refresh">
            Refresh
          </Button>
        </Group>
      </Group>

      <Group gap="xs" data-testid="queue-counts">
        {OPEN_STATUSES.map((status) => {
          const active = query.status === status;
          return (
            <UnstyledButton key={status} onClick={() => setFilter('status', active ? null : status)} aria-pressed={active}>
              <Badge size="lg" variant={active ? 'filled' : 'light'} color={statusColor(status)} data-testid="queue-count" data-status={status} rightSection={<b>{counts[status] ?? 0}</b>}>
                {label(CASE_STATUS_LABELS, status)}
              </Badge>
            </UnstyledButton>
          );
        })}
      </Group>

      <QueueFilters query={query} entities={entities} entitiesError={entitiesError} onChange={setFilter} />

      {list.error && (
        <Alert color="red" variant="light" title="Could not load the queue">
          {list.error.message}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={980}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="kyc-queue" aria-busy={list.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Risk</Table.Th>
              <Table.Th>Assignee</Table.Th>
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

      <ListFooter list={list} loadingLabel="Loading the queue" empty="No cases match." emptyTestId="queue-empty" />
    </Stack>
  );
}

function QueueRow({ item, entities }: { item: KycQueueItem; entities: readonly EntityInfo[] }) {
  return (
    <Table.Tr data-testid="queue-row" data-case-id={item.id} data-status={item.status}>
      <Table.Td>
        <Anchor component={Link} to={`/backoffice/kyc/${encodeURIComponent(item.id)}`} fw={500}>
          {item.clientName.trim() || item.clientEmail}
        </Anchor>
        <Text size="xs" c="dimmed">
          {item.clientEmail}
        </Text>
      </Table.Td>
      <Table.Td title={entityName(entities, item.entityId)}>{item.entityId}</Table.Td>
      <Table.Td>{item.country}</Table.Td>
      <Table.Td>{label(KIND_LABELS, item.kind)}</Table.Td>
      <Table.Td>
        <Badge variant="light" color={statusColor(item.status)}>
          {label(CASE_STATUS_LABELS, item.status)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {item.riskLevel ? (
          <Badge variant="dot" color={riskColor(item.riskLevel)}>
            {item.riskLevel}
          </Badge>
        ) : (
          '—'
        )}
      </Table.Td>
      <Table.Td>{item.assignee ? item.assignee.name ?? 'Assigned' : <Text span c="dimmed" size="sm">Unassigned</Text>}</Table.Td>
      <Table.Td>{item.ageMs === null ? '—' : formatDuration(item.ageMs)}</Table.Td>
      <Table.Td>
        <SlaTimer sla={item.sla} compact />
      </Table.Td>
    </Table.Tr>
  );
}
