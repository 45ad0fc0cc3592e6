import { Alert, Anchor, Button, Card, Center, Code, Group, Loader, Text, Timeline, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { clientAsOfPath } from '../api/point-in-time';
import { backofficeApi } from '../api/backoffice';
import { useCursorList } from '../hooks/useCursorList';
import { actionLabel } from './actions';
import { operationsApi } from '../api/operations';
import { ExportCsvButton } from './operations/ExportCsvButton';
import { TimelineEventItem, bulletFor } from './TimelineEventItem';

/** The client's audit trail, newest first, paged by cursor. */
export function ClientTimeline({ clientId }: { clientId: string }) {
  const list = useCursorList((cursor, signal) => backofficeApi.timeline(clientId, cursor, signal), [clientId]);

  // Newest first whatever order pages arrive in (ties keep server order).
  const events = useMemo(
    () =>
      list.items
        .map((event, index) => ({ event, index, time: Date.parse(event.occurredAt) || 0 }))
        .sort((a, b) => b.time - a.time || a.index - b.index)
        .map((entry) => entry.event),
    [list.items],
  );

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          History
        </Title>
        <ExportCsvButton href={operationsApi.clientAuditCsv(clientId)} label="Export audit events (CSV)" testId="export-audit-events" />
      </Group>
      {list.error && (
        <Alert color="red" variant="light" mb="md" title="Could not load the history">
          {list.error.message}
        </Alert>
      )}
      {list.loading ? (
        <Center>
          <Loader size="sm" aria-label="Loading history" />
        </Center>
      ) : events.length === 0 ? (
        !list.error && <Text c="dimmed">No events yet.</Text>
      ) : (
        <Timeline active={events.length} bulletSize={22} lineWidth={2} data-testid="timeline">
          {events.map((event) => (
            <Timeline.Item
              key={event.id}
              bullet={bulletFor(event.actorType)}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{actionLabel(event.action)}</Text>
                  <Code fz="xs" fw={400} c="dimmed" data-testid="timeline-action-code">
                    {event.action}
                  </Code>
                </Group>
              }
              data-testid="timeline-event"
              data-action={event.action}
            >
              <TimelineEventItem event={event} />
              <Anchor component={Link} to={clientAsOfPath(clientId, event.occurredAt)} size="xs" data-testid="timeline-as-of-link">
                See the record as of this event
              </Anchor>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {list.nextCursor && !list.loading && (
        <Center mt="md">
          <Button variant="default" onClick={list.loadMore} loading={list.loadingMore} data-testid="timeline-load-more">
            Load older events
          </Button>
        </Center>
      )}
    </Card>
  );
}
