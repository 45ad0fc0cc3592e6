import { Alert, Anchor, Badge, Button, Card, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearchParams } from 'react-router-dom';
import type { InboxCounts, InboxThread } from '../../api/message-types';
import { backofficeMessageApi } from '../../api/messages';
import { useCountedCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { formatDateTime, formatDuration } from '../../lib/format';
import { EntitySelect, entityName, useEntities } from '../EntitySelect';

const NO_COUNTS: InboxCounts = { threads: 0, messages: 0, byEntity: [] };

/** `/backoffice/inbox`: client threads with messages no one has read, the longest waiting first, by entity. */
export function InboxPage() {
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const entity = params.get('entity');
  const { entities, error: entitiesError } = useEntities();
  const { list, counts } = useCountedCursorList((cursor, signal) => backofficeMessageApi.inbox(entity, cursor, signal), [entity], NO_COUNTS);
  const now = Date.now();

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          Inbox
        </Title>
        <Text c="dimmed" size="sm">
          Client messages no one has read yet, the longest waiting first. Opening a thread marks it read for everyone.
        </Text>
      </div>

      <Group align="flex-end" gap="md" wrap="wrap">
        <EntitySelect entities={entities} error={entitiesError} value={entity} onChange={(value) => setParam('entity', value)} testId="inbox-entity" />
        <Group gap="xs" data-testid="inbox-counts" data-threads={counts.threads}>
          {counts.byEntity.length === 0 ? (
            <Badge variant="light" color="green">
              Nothing waiting
            </Badge>
          ) : (
            counts.byEntity.map((e) => (
              <Badge key={e.entityId} variant="light" tt="none" data-testid="inbox-entity-count" data-entity={e.entityId} data-threads={e.threads}>
                {e.entityId}: {e.threads} {e.threads === 1 ? 'thread' : 'threads'}, {e.messages} {e.messages === 1 ? 'message' : 'messages'}
              </Badge>
            ))
          )}
        </Group>
      </Group>

      {list.error && (
        <Alert color="red" variant="light" title="Could not load the inbox">
          {list.error.message}
        </Alert>
      )}
      <Card withBorder radius="md" padding={0}>
        {list.loading ? (
          <Center p="lg">
            <Loader size="sm" aria-label="Loading the inbox" />
          </Center>
        ) : list.items.length === 0 ? (
          <Text c="dimmed" p="lg" data-testid="inbox-empty">
            No client is waiting for an answer{entity ? ` in ${entityName(entities, entity)}` : ''}.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="inbox-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>Latest message</Table.Th>
                  <Table.Th>Unread</Table.Th>
                  <Table.Th>Waiting</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((thread) => (
                  <InboxRow key={thread.clientId} thread={thread} now={now} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {list.nextCursor && !list.loading && (
        <Center>
          <Button variant="default" onClick={list.loadMore} loading={list.loadingMore} data-testid="inbox-load-more">
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}

function InboxRow({ thread, now }: { thread: InboxThread; now: number }) {
  return (
    <Table.Tr data-testid="inbox-thread" data-client-id={thread.clientId} data-unread={thread.unreadCount}>
      <Table.Td>
        <Anchor component={Link} to={`/backoffice/clients/${thread.clientId}#messages`} fw={600} data-testid="inbox-open">
          {thread.clientName}
        </Anchor>
        <Text size="xs" c="dimmed">
          {thread.email} · {thread.entityId}
        </Text>
      </Table.Td>
      <Table.Td maw={360}>
        <Text size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {thread.preview}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color="red" variant="light">
          {thread.unreadCount}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={formatDateTime(thread.waitingSince)}>
          {formatDuration(now - Date.parse(thread.waitingSince))}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
