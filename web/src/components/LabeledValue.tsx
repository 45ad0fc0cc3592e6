import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A small upper-case label over its value, as in record headers; long values wrap instead of overflowing. */
export function LabeledValue({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {name}
      </Text>
      <div style={{ overflowWrap: 'anywhere' }}>{children}</div>
    </Stack>
  );
}
