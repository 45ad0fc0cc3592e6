import { Card, RingProgress, SimpleGrid, Stack, Text } from '@mantine/core';
import type { OperationsOverview } from '../../api/operations';
import { formatRate, RATE_LABELS } from './labels';

/** Payment rates over the period, each with the counts it comes from ("—" when there is nothing to count). */
export function RateCards({ rates }: { rates: OperationsOverview['rates'] }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm" data-testid="rates">
      {Object.entries(rates).map(([key, figure]) => {
        const label = RATE_LABELS[key] ?? { title: key, of: '' };
        const bad = key !== 'depositAutoCredit';
        return (
          <Card key={key} withBorder padding="sm" data-testid="rate" data-rate={key}>
            <Stack gap={4} align="center">
              <Text size="sm" fw={600} ta="center">
                {label.title}
              </Text>
              <RingProgress
                size={84}
                thickness={8}
                roundCaps
                sections={figure.rate === null || figure.rate === 0 ? [] : [{ value: figure.rate * 100, color: bad ? 'red.6' : 'teal.6' }]}
                label={
                  <Text ta="center" size="sm" fw={700} data-testid="rate-value">
                    {formatRate(figure.rate)}
                  </Text>
                }
              />
              <Text size="xs" c="dimmed" ta="center">
                {figure.part} of {figure.whole} {label.of}
              </Text>
            </Stack>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
