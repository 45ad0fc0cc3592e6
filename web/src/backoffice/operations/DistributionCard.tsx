import { BarChart } from '@mantine/charts';
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { Distribution } from '../../api/operations';
import { formatDuration } from '../../lib/format';

const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));

/** One approval-time histogram with its count, p50 and p90. */
export function DistributionCard({ title, distribution, note, testId }: { title: string; distribution: Distribution; note?: string; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {title}
        </Title>
        <Group gap="lg">
          <Text size="sm">
            <Text span c="dimmed">n </Text>
            <b data-testid="dist-count">{distribution.count}</b>
          </Text>
          <Text size="sm">
            <Text span c="dimmed">p50 </Text>
            <b data-testid="dist-p50">{duration(distribution.p50Ms)}</b>
          </Text>
          <Text size="sm">
            <Text span c="dimmed">p90 </Text>
            <b data-testid="dist-p90">{duration(distribution.p90Ms)}</b>
          </Text>
          {note && (
            <Text size="sm" c="dimmed">
              {note}
            </Text>
          )}
        </Group>
        <BarChart h={160} data={distribution.buckets} dataKey="label" series={[{ name: 'count', label: 'Items', color: 'indigo.5' }]} tickLine="y" xAxisProps={{ interval: 0 }} yAxisProps={{ allowDecimals: false, width: 32 }} />
      </Stack>
    </Card>
  );
}
