import { Button, Card, Code, Group, Text, Timeline, Title } from '@mantine/core';
import { useState } from 'react';
import type { KycCaseDetail, TimelineEvent } from '../../api/types';
import { actionLabel } from '../actions';
import { bulletFor, TimelineEventItem } from '../TimelineEventItem';

/** The audit events about this client's KYC (case, documents, screening, profile), newest first. */
const FIRST = 8;

export function CaseHistory({ detail }: { detail: KycCaseDetail }) {
  const [all, setAll] = useState(false);
  const events: TimelineEvent[] = detail.history.map((event) => ({
    ...event,
    actorLabel: event.actorType === 'staff' || event.actorType === 'client' ? null : event.actorId,
    subjectId: '',
    requestId: null,
    ip: null,
  }));
  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-history">
      <Title order={2} size="h4" mb="md">
        History
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          No events yet.
        </Text>
      ) : (
        <Timeline active={events.length} bulletSize={22} lineWidth={2}>
          {(all ? events : events.slice(0, FIRST)).map((event) => (
            <Timeline.Item
              key={event.id}
              bullet={bulletFor(event.actorType)}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {actionLabel(event.action)}
                  </Text>
                  <Code fz="xs" c="dimmed">
                    {event.action}
                  </Code>
                </Group>
              }
              data-testid="case-history-event"
              data-action={event.action}
            >
              <TimelineEventItem event={event} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {!all && events.length > FIRST && (
        <Button variant="subtle" size="compact-sm" mt="sm" onClick={() => setAll(true)} data-testid="case-history-all">
          Show all {events.length} events
        </Button>
      )}
    </Card>
  );
}
