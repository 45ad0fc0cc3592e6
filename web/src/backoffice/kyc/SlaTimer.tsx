import { Progress, Stack, Text, Tooltip } from '@mantine/core';
import type { SlaStatus } from '../../api/types';
import { formatDateTime, formatDuration } from '../../lib/format';

/**
 * Working time left against the SLA target: red once breached; the bar is capped at 100%.
 * The server sends no timer (null) unless the case waits for a reviewer: then it is stopped.
 */
export function SlaTimer({ sla, compact = false }: { sla: SlaStatus | null; compact?: boolean }) {
  if (!sla) {
    return (
      <Text size="sm" c="dimmed" data-testid="sla-timer" data-state="stopped">
        Stopped
      </Text>
    );
  }
  const used = Math.min(100, Math.max(0, sla.fractionUsed * 100));
  const color = sla.breached ? 'red' : used >= 75 ? 'orange' : 'teal';
  const text = sla.breached ? `Overdue by ${formatDuration(-sla.remainingWorkingMs)}` : `${formatDuration(sla.remainingWorkingMs)} left`;
  return (
    <Tooltip label={`Due ${formatDateTime(sla.dueAt)} · working hours used ${Math.round(sla.fractionUsed * 100)}%`} withArrow>
      <Stack gap={4} miw={compact ? 110 : 160} data-testid="sla-timer" data-state={sla.breached ? 'breached' : 'running'}>
        <Text size="sm" fw={600} c={sla.breached ? 'red.7' : undefined}>
          {text}
        </Text>
        <Progress value={used} color={color} size="sm" radius="xl" aria-label={`SLA ${Math.round(used)}% used`} />
      </Stack>
    </Tooltip>
  );
}
