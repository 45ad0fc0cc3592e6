import { BarChart } from '@mantine/charts';
import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { QueueStats } from '../../api/operations';
import { formatDuration } from '../../lib/format';
import { QUEUE_LABELS } from './labels';

const age = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

/** Queue sizes now (within the target / breached), and per queue and entity the size, oldest and median age, breaches. */
export function QueueSection({ queues }: { queues: QueueStats[] }) {
  const data = queues.map((q) => ({
    queue: QUEUE_LABELS[q.queue] ?? q.queue,
    'Within target': q.total.count - (q.total.breached ?? 0),
    'SLA breached': q.total.breached ?? 0,
  }));
  const phone = useMediaQuery('(max-width: 36em)');
  const breached = queues.reduce((sum, q) => sum + (q.total.breached ?? 0), 0);
  return (
    <Card withBorder padding="md" data-testid="queues">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Queues now
          </Title>
          <Badge color={breached > 0 ? 'red' : 'green'} variant="light" size="lg" data-testid="sla-breaches">
            {breached} SLA {breached === 1 ? 'breach' : 'breaches'}
          </Badge>
        </Group>
        <BarChart
          h={Math.max(240, queues.length * 34)}
          data={data}
          dataKey="queue"
          orientation="vertical"
          type="stacked"
          yAxisProps={{ width: phone ? 120 : 170, interval: 0 }}
          xAxisProps={{ allowDecimals: false }}
          series={[
            { name: 'Within target', color: 'indigo.5' },
            { name: 'SLA breached', color: 'red.6' },
          ]}
          withLegend
          data-testid="queue-chart"
        />
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={4} data-testid="queue-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queue</Table.Th>
                <Table.Th>Entity</Table.Th>
                <Table.Th ta="end">Items</Table.Th>
                <Table.Th ta="end">Oldest</Table.Th>
                <Table.Th ta="end">Median age</Table.Th>
                <Table.Th ta="end">SLA breached</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {queues.flatMap((q) =>
                [{ entityId: 'all', ...q.total }, ...(q.byEntity.length > 1 ? q.byEntity : [])].map((row, i) => (
                  <Table.Tr key={`${q.queue}:${row.entityId ?? '—'}`} data-testid="queue-row" data-queue={q.queue} data-entity={row.entityId ?? ''}>
                    <Table.Td>{i === 0 ? <Text size="sm" fw={500}>{QUEUE_LABELS[q.queue] ?? q.queue}</Text> : null}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={i === 0 ? 'dimmed' : undefined}>
                        {i === 0 ? (q.byEntity.length === 1 ? (q.byEntity[0]!.entityId ?? '—') : 'All') : (row.entityId ?? '—')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="end" data-testid="queue-count">{row.count}</Table.Td>
                    <Table.Td ta="end">{age(row.oldestAgeMs)}</Table.Td>
                    <Table.Td ta="end">{age(row.medianAgeMs)}</Table.Td>
                    <Table.Td ta="end">
                      {row.breached === null ? <Text size="sm" c="dimmed">no target</Text> : <Text size="sm" c={row.breached > 0 ? 'red' : undefined} fw={row.breached > 0 ? 600 : undefined}>{row.breached}</Text>}
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
