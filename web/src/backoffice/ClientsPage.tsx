import { Alert, Anchor, Badge, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { backofficeApi } from '../api/backoffice';
import { useCursorList } from '../hooks/useCursorList';
import { useSetSearchParam } from '../hooks/useSetSearchParam';
import { CLIENT_STATUSES, formatDateTime, humanize, statusColor } from '../lib/format';
import { EntitySelect, entityName, useEntities } from './EntitySelect';
import { ListFooter } from '../components/ListFooter';

/** `/backoffice/clients`: search by email/name, filter by entity and status, page by cursor. */
export function ClientsPage() {
  const [params] = useSearchParams();
  const entity = params.get('entity');
  const status = params.get('status');
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  // Keep the filters in the address so "back" from a client returns to the same list.
  const setFilter = useSetSearchParam();
  useEffect(() => setFilter('q', debouncedQ), [debouncedQ, setFilter]);

  const list = useCursorList(
    (cursor, signal) => backofficeApi.clients({ q: debouncedQ, entity, status }, cursor, signal),
    [debouncedQ, entity, status],
  );

  const { entities, error: entitiesError } = useEntities();
  // Status options: the known states plus any other value seen in results.
  const [seenStatuses, setSeenStatuses] = useState<string[]>([]);
  useEffect(() => setSeenStatuses((previous) => merge(previous, list.items.map((c) => c.status))), [list.items]);
  const statusOptions = merge(CLIENT_STATUSES, seenStatuses, status ? [status] : []);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Clients
      </Title>
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Search"
          placeholder="Email or name"
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="client-search"
          style={{ flex: 1, minWidth: 220 }}
        />
        <EntitySelect entities={entities} error={entitiesError} value={entity} onChange={(value) => setFilter('entity', value)} testId="entity-filter" />
        <Select
          label="Status"
          placeholder="Any status"
          clearable
          data={statusOptions.map((s) => ({ value: s, label: humanize(s) }))}
          value={status}
          onChange={(value) => setFilter('status', value)}
          data-testid="status-filter"
          w={180}
        />
      </Group>

      {list.error && (
        <Alert color="red" variant="light" title="Could not load clients">
          {list.error.message}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="client-table" aria-busy={list.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Country</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Verification</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((client) => (
              <Table.Tr key={client.id} data-testid="client-row" data-client-id={client.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(client.id)}`} fw={500}>
                    {`${client.firstName} ${client.lastName}`.trim() || '—'}
                  </Anchor>
                </Table.Td>
                <Table.Td>{client.email}</Table.Td>
                <Table.Td>{client.country}</Table.Td>
                <Table.Td title={entityName(entities, client.entityId)}>{client.entityId}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={statusColor(client.status)}>
                    {humanize(client.status)}
                  </Badge>
                </Table.Td>
                <Table.Td>{humanize(String(client.verificationLevel))}</Table.Td>
                <Table.Td>{formatDateTime(client.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <ListFooter list={list} loadingLabel="Loading clients" empty="No clients match." emptyTestId="client-empty" />
    </Stack>
  );
}

function merge(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat().filter(Boolean))].sort();
}
