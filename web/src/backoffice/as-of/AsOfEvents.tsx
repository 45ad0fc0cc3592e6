import { Badge, Card, Code, Group, Text, Timeline, Title } from '@mantine/core';
import type { ClientAsOf } from '../../api/point-in-time';
import { actionLabel } from '../actions';
import { TimelineEventItem, bulletFor } from '../TimelineEventItem';

const EFFECT_BADGE: Record<string, { text: string; color: string } | undefined> = {
  outside_record: { text: 'Outside the record', color: 'gray' },
  unknown: { text: 'Not known to this view', color: 'orange' },
};

/** The events up to the moment, newest first: those that shaped the record, and the rest marked as such. */
export function AsOfEvents({ events, total }: { events: ClientAsOf['events']; total: number }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="as-of-events">
      <Title order={2} size="h4" mb="xs">
        Events up to this moment
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {events.truncated ? `The latest ${events.items.length} of ${total} events; the history on the client page has them all.` : `${total} event${total === 1 ? '' : 's'}.`}
      </Text>
      {events.items.length === 0 ? (
        <Text c="dimmed">No events yet.</Text>
      ) : (
        <Timeline active={events.items.length} bulletSize={22} lineWidth={2}>
          {events.items.map((event) => {
            const badge = EFFECT_BADGE[event.effect];
            return (
              <Timeline.Item
                key={event.id}
                bullet={bulletFor(event.actorType)}
                data-testid="as-of-event"
                data-action={event.action}
                data-effect={event.effect}
                title={
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600}>{actionLabel(event.action)}</Text>
                    <Code fz="xs" fw={400} c="dimmed">
                      {event.action}
                    </Code>
                    {badge && (
                      <Badge size="xs" variant="light" color={badge.color}>
                        {badge.text}
                      </Badge>
                    )}
                  </Group>
                }
              >
                <TimelineEventItem event={event} />
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
