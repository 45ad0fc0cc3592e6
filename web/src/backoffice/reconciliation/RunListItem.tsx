/** A run in the list: a table row at desktop width, a card on a phone (the same facts). */
import { Anchor, Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { ReconciliationRun } from '../../api/reconciliation';
import type { Staff } from '../../api/types';
import { LabeledValue } from '../../components/LabeledValue';
import { isRunning } from './labels';
import { runPath } from './paths';
import { BreakKindCounts, CheckedCounts, RunNotes, RunStatusBadge, runWhen, settlementPeriod } from './RunParts';

export function RunRow({ run, staff }: { run: ReconciliationRun; staff: Staff }) {
  const when = runWhen(run, staff);
  return (
    <Table.Tr data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <RunStatusBadge run={run} size="sm" />
          <Anchor component={Link} to={runPath(run.id)} size="sm" fw={500} style={{ whiteSpace: 'nowrap' }} data-testid="run-open">
            {when.requested}
          </Anchor>
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          Settlement {settlementPeriod(run)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {when.by}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{when.duration}</Table.Td>
      <Table.Td maw={240}>
        <CheckedCounts run={run} />
      </Table.Td>
      <Table.Td miw={220} maw={360}>
        <RunBreaks run={run} />
      </Table.Td>
      <Table.Td maw={320}>
        {run.notes.length === 0 && !run.error ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <RunNotes run={run} compact />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function RunBreaks({ run }: { run: ReconciliationRun }) {
  return (
    <>
      {!isRunning(run.status) && run.breakCount > 0 && (
        <Text size="sm" fw={600} mb={4} data-testid="run-break-total">
          {run.breakCount} {run.breakCount === 1 ? 'break' : 'breaks'}
        </Text>
      )}
      <BreakKindCounts run={run} />
    </>
  );
}

export function RunCard({ run, staff }: { run: ReconciliationRun; staff: Staff }) {
  const when = runWhen(run, staff);
  return (
    <Card withBorder radius="md" padding="sm" data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <Group gap="xs" mb={2}>
        <RunStatusBadge run={run} size="sm" />
        <Anchor component={Link} to={runPath(run.id)} size="sm" fw={500} data-testid="run-open">
          {when.requested}
        </Anchor>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        Settlement {settlementPeriod(run)} · by {when.by} · took {when.duration}
      </Text>
      <SimpleGrid cols={1} spacing="xs">
        <LabeledValue name="Checked">
          <CheckedCounts run={run} />
        </LabeledValue>
        <LabeledValue name="Breaks">
          <RunBreaks run={run} />
        </LabeledValue>
        {(run.notes.length > 0 || run.error) && (
          <LabeledValue name="Not checked">
            <RunNotes run={run} compact />
          </LabeledValue>
        )}
      </SimpleGrid>
    </Card>
  );
}
