import { Alert, Anchor, Button, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDownload, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { reconciliationApi, type ReconciliationBreak, type ReconciliationRunDetail, type ResolutionStatus } from '../../api/reconciliation';
import type { Staff } from '../../api/types';
import { LabeledValue } from '../../components/LabeledValue';
import { LoadingScreen } from '../../components/LoadingScreen';
import { useCountedCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { staffMay } from '../roles';
import { useStaffSession } from '../session';
import { BreakList } from './BreakCard';
import { BREAK_KIND_INFO, BREAK_KINDS, isBreakKind, isRunning } from './labels';
import { RUNS_PATH } from './paths';
import { BreakKindCounts, CheckedCounts, RunNotes, RunStatusBadge, runWhen, settlementPeriod } from './RunParts';
import { RUN_POLL_MS } from './useRunProgress';
import { ListFooter } from '../../components/ListFooter';

type RunHeaderData = ReconciliationRunDetail['run'];

/**
 * `/backoffice/reconciliation/runs/:id`: one run — what it checked, its breaks per kind, what it could not check —
 * and its breaks in run order, filtered by kind and open/resolved (in the address), 100 at a time. Each break shows
 * its evidence; finance resolves it with a note. The breaks download as CSV. A run still going is read again until
 * it has finished.
 */
export function RunDetailPage() {
  const { id = '' } = useParams();
  const { staff } = useStaffSession();
  const canResolve = staffMay(staff.roles, 'reconciliation.resolve');
  const [params] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = isBreakKind(kindParam) ? kindParam : null;
  const statusParam = params.get('status');
  const status: ResolutionStatus | null = statusParam === 'open' || statusParam === 'resolved' ? statusParam : null;
  const setFilter = useSetSearchParam();

  const { list, counts: run } = useCountedCursorList<ReconciliationBreak, RunHeaderData | null>(
    async (cursor, signal) => {
      const detail = await reconciliationApi.run(id, { kind, status, after: cursor === null ? null : Number(cursor) }, signal);
      return { items: detail.breaks, nextCursor: detail.nextAfter === null ? null : String(detail.nextAfter), counts: detail.run };
    },
    [id, kind, status],
    null,
  );

  // Breaks resolved on this page since the first page was read: shown resolved in place, the open count lowered.
  const [resolved, setResolved] = useState<Record<string, ReconciliationBreak>>({});
  useEffect(() => setResolved({}), [run]);
  const items = list.items.map((item) => resolved[item.id] ?? item);

  // A run still queued or running: read again until it has finished (its breaks are known then).
  const { reload, loading } = list;
  const running = run !== null && run.id === id && isRunning(run.status);
  useEffect(() => {
    if (!running || loading) return;
    const timer = window.setTimeout(reload, RUN_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [running, loading, reload]);

  const filtered = kind !== null || status !== null;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={RUNS_PATH} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          Reconciliation runs
        </Group>
      </Anchor>
      {list.error && (!run || run.id !== id) ? (
        <Alert color="red" variant="light" title={list.error.status === 404 ? 'Run not found' : list.error.status === 403 ? 'Not allowed' : 'Could not load the run'}>
          {list.error.message}
        </Alert>
      ) : !run || run.id !== id ? (
        <LoadingScreen />
      ) : (
        <>
          <RunHeader run={run} staff={staff} openBreaks={run.openBreaks - Object.keys(resolved).length} kind={kind} onPickKind={(k) => setFilter('kind', k)} onRefresh={list.reload} />
          <RunNotes run={run} />

          <Group align="flex-end" gap="sm" data-testid="break-filters">
            <Select
              label="Kind of break"
              placeholder="Every kind"
              clearable
              searchable
              data={BREAK_KINDS.map((k) => ({ value: k, label: BREAK_KIND_INFO[k].label }))}
              value={kind}
              onChange={(v) => setFilter('kind', v)}
              w={{ base: '100%', xs: 320 }}
              comboboxProps={{ width: 360, position: 'bottom-start' }}
              data-testid="filter-kind"
            />
            <SegmentedControl
              aria-label="Open or resolved"
              data={[
                { value: 'all', label: 'All' },
                { value: 'open', label: 'Open' },
                { value: 'resolved', label: 'Resolved' },
              ]}
              value={status ?? 'all'}
              onChange={(v) => setFilter('status', v === 'all' ? null : v)}
              data-testid="filter-status"
            />
          </Group>

          {list.error && (
            <Alert color="red" variant="light" title="Could not load the breaks">
              {list.error.message}
            </Alert>
          )}
          <BreakList items={items} staff={staff} canResolve={canResolve} onResolved={(b) => setResolved((r) => ({ ...r, [b.id]: b }))} />
          <ListFooter list={{ ...list, items }} loadingLabel="Loading the breaks" empty={isRunning(run.status) ? 'The run is still going: its breaks show here once it has finished.' : filtered ? 'No breaks match.' : 'This run found no breaks.'} emptyTestId="breaks-empty" />
        </>
      )}
    </Stack>
  );
}

function RunHeader({ run, staff, openBreaks, kind, onPickKind, onRefresh }: {
  run: RunHeaderData;
  staff: Staff;
  openBreaks: number;
  kind: ReconciliationBreak['kind'] | null;
  onPickKind: (kind: ReconciliationBreak['kind'] | null) => void;
  onRefresh: () => void;
}) {
  const when = runWhen(run, staff);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="run-header" data-status={run.status}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Group gap="sm">
            <Title order={1} size="h2">
              Reconciliation run
            </Title>
            <RunStatusBadge run={run} size="lg" />
          </Group>
          <Text size="sm" c="dimmed">
            Requested by {when.by} on {when.requested}
          </Text>
        </div>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={onRefresh} data-testid="run-refresh">
            Refresh
          </Button>
          <Button component="a" href={reconciliationApi.breaksCsvUrl(run.id)} download variant="light" size="xs" leftSection={<IconDownload size={14} />} data-testid="breaks-csv">
            Download CSV
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" verticalSpacing="sm" mb="md">
        <LabeledValue name="Breaks">
          <Text size="sm" fw={600} data-testid="run-break-count">
            {isRunning(run.status) ? '—' : run.breakCount}
          </Text>
        </LabeledValue>
        <LabeledValue name="Open (your entities)">
          <Text size="sm" fw={600} c={openBreaks > 0 ? 'red.8' : undefined} data-testid="run-open-count">
            {isRunning(run.status) ? '—' : openBreaks}
          </Text>
        </LabeledValue>
        <LabeledValue name="Took">
          <Text size="sm">{when.duration}</Text>
        </LabeledValue>
        <LabeledValue name="Settlement reports">
          <Text size="sm">{settlementPeriod(run)}</Text>
        </LabeledValue>
      </SimpleGrid>
      <Stack gap="sm">
        <LabeledValue name="Checked">
          <CheckedCounts run={run} />
        </LabeledValue>
        <LabeledValue name="Breaks per kind (click to filter)">
          <BreakKindCounts run={run} active={kind} onPick={onPickKind} />
        </LabeledValue>
      </Stack>
    </Card>
  );
}
