import { Button, Code, Collapse, Group, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconRobot, IconUser, IconUserShield, IconPlugConnected } from '@tabler/icons-react';
import type { TimelineEvent } from '../api/types';
import { formatDateTime, formatValue, humanize } from '../lib/format';

export function bulletFor(actorType: string) {
  switch (actorType) {
    case 'client':
      return <IconUser size={12} />;
    case 'staff':
      return <IconUserShield size={12} />;
    case 'provider':
      return <IconPlugConnected size={12} />;
    default:
      return <IconRobot size={12} />;
  }
}

/** Body of one timeline entry: actor, time, note and a collapsible old → new diff. */
export function TimelineEventItem({ event }: { event: TimelineEvent }) {
  const [opened, { toggle }] = useDisclosure(false);
  const changes = diff(event.oldValues, event.newValues);

  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm" data-testid="timeline-actor">
          <Text span c="dimmed">
            {humanize(event.actorType)}
          </Text>
          {event.actorLabel ? ` · ${event.actorLabel}` : ''}
        </Text>
        <Text size="xs" c="dimmed" component="time" dateTime={event.occurredAt}>
          {formatDateTime(event.occurredAt)}
        </Text>
      </Group>
      {event.note && (
        <Text size="sm" fs="italic" data-testid="timeline-note">
          “{event.note}”
        </Text>
      )}
      {changes.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-xs"
            w="fit-content"
            leftSection={opened ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            onClick={toggle}
            aria-expanded={opened}
            data-testid="timeline-diff-toggle"
          >
            {opened ? 'Hide changes' : `Show changes (${changes.length})`}
          </Button>
          <Collapse expanded={opened}>
            <Table withTableBorder withColumnBorders fz="xs" data-testid="timeline-diff">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Old</Table.Th>
                  <Table.Th>New</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {changes.map((change) => (
                  <Table.Tr key={change.field}>
                    <Table.Td>
                      <Code>{change.field}</Code>
                    </Table.Td>
                    <Table.Td c="red.8" style={{ wordBreak: 'break-word' }}>
                      {formatValue(change.old)}
                    </Table.Td>
                    <Table.Td c="green.8" style={{ wordBreak: 'break-word' }}>
                      {formatValue(change.new)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Collapse>
        </>
      )}
    </Stack>
  );
}

interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

function diff(oldValues: Record<string, unknown> | null, newValues: Record<string, unknown> | null): Change[] {
  const before = oldValues ?? {};
  const after = newValues ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields.map((field) => ({ field, old: before[field], new: after[field] }));
}
