import { Alert, Anchor, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlayerPlay, IconRefresh, IconRefreshDot } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { reconciliationApi, type ReconciliationRun } from '../../api/reconciliation';
import { useCursorList } from '../../hooks/useCursorList';
import { useSubmit } from '../../hooks/useSubmit';
import { staffMay } from '../roles';
import { useStaffSession } from '../session';
import { isRunning } from './labels';
import { EXCEPTIONS_PATH, runPath } from './paths';
import { RunCard, RunRow } from './RunListItem';
import { StartRunForm } from './StartRunForm';
import { RUN_POLL_MS, useRunProgress } from './useRunProgress';
import { ListFooter } from '../../components/ListFooter';

/**
 * `/backoffice/reconciliation/runs` (`/backoffice/reconciliation` leads here): reconciliation runs, newest first (`reconciliation.view`), with what each checked,
 * its breaks per kind and what it could not check. Finance (`reconciliation.run`) starts a run — followed here until
 * it completed or failed — or the platform balance sync, which fills the platform exceptions queue.
 */
export function ReconciliationRunsPage() {
  const { staff } = useStaffSession();
  const phone = useMediaQuery('(max-width: 48em)');
  const canRun = staffMay(staff.roles, 'reconciliation.run');
  const list = useCursorList<ReconciliationRun>((cursor, signal) => reconciliationApi.runs(cursor, signal), []);
  const [starting, setStarting] = useState(false);
  const [started, setStarted] = useState<ReconciliationRun | null>(null);
  const progress = useRunProgress(started);
  const sync = useSubmit(reconciliationApi.syncBalances);
  const [syncQueued, setSyncQueued] = useState(false);

  // The run just started: in the list at once, and again once it has finished.
  const { reload } = list;
  const finished = progress.run !== null && !isRunning(progress.run.status);
  useEffect(() => {
    if (started) reload();
  }, [started, finished, reload]);
  // Another run still going (the daily one, or a colleague's): the list is read again until none is.
  const othersRunning = list.items.some((run) => isRunning(run.status) && run.id !== started?.id);
  useEffect(() => {
    if (!othersRunning || list.loading) return;
    const timer = window.setTimeout(reload, RUN_POLL_MS * 2);
    return () => window.clearTimeout(timer);
  }, [othersRunning, list.loading, reload]);

  const onSync = async () => {
    setSyncQueued(false);
    if ((await sync.run()).ok) setSyncQueued(true);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Title order={1} size="h2">
          Reconciliation
        </Title>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={list.reload} data-testid="runs-refresh">
            Refresh
          </Button>
          {canRun && (
            <>
              <Button variant="light" size="xs" leftSection={<IconRefreshDot size={14} />} onClick={() => void onSync()} loading={sync.loading} data-testid="sync-balances">
                Sync balances now
              </Button>
              <Button size="xs" leftSection={<IconPlayerPlay size={14} />} onClick={() => setStarting(true)} disabled={starting} data-testid="start-run">
                Start run
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Each run compares the ledger and our transfers with every live trading account&apos;s balance and deal history, and the payment providers&apos;
        settlement reports with our deposits and payouts. A run starts every day; finance can start one at any time. Manual operations on a platform
        also reach the{' '}
        <Anchor component={Link} to={EXCEPTIONS_PATH} size="sm">
          platform exceptions queue
        </Anchor>{' '}
        through the balance sync (every 15 minutes).
      </Text>

      {starting && (
        <StartRunForm
          onStarted={(run) => {
            setStarting(false);
            setStarted(run);
          }}
          onCancel={() => setStarting(false)}
        />
      )}
      {progress.run && <StartedRun run={progress.run} pollError={progress.error?.message ?? null} onClose={() => setStarted(null)} />}
      {syncQueued && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setSyncQueued(false)} data-testid="sync-queued">
          The balance sync is queued: it reads every live account on the platforms and puts the deals Traderoom did not make in the{' '}
          <Anchor component={Link} to={EXCEPTIONS_PATH} size="sm">
            platform exceptions queue
          </Anchor>
          .
        </Alert>
      )}
      {sync.error && (
        <Alert color="red" variant="light" title="The balance sync was not started" withCloseButton onClose={() => sync.setError(null)}>
          {sync.error.message}
        </Alert>
      )}
      {list.error && (
        <Alert color="red" variant="light" title="Could not load the runs">
          {list.error.message}
        </Alert>
      )}

      {phone ? (
        // A six-column table does not fit a phone: each run becomes a card with the same facts.
        <Stack gap="sm" data-testid="runs" aria-busy={list.loading}>
          {list.items.map((run) => (
            <RunCard key={run.id} run={run} staff={staff} />
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={1060}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="runs" aria-busy={list.loading}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Run</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>Requested by</Table.Th>
                <Table.Th>Took</Table.Th>
                <Table.Th>Checked</Table.Th>
                <Table.Th>Breaks</Table.Th>
                <Table.Th>Not checked</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((run) => (
                <RunRow key={run.id} run={run} staff={staff} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <ListFooter list={list} loadingLabel="Loading the runs" empty="No reconciliation run yet." emptyTestId="runs-empty" />
    </Stack>
  );
}

/** The run this staff member just started, while it runs and once it has finished. */
function StartedRun({ run, pollError, onClose }: { run: ReconciliationRun; pollError: string | null; onClose: () => void }) {
  const running = isRunning(run.status);
  const color = running ? 'blue' : run.status === 'failed' ? 'red' : run.breakCount > 0 ? 'orange' : 'green';
  return (
    <Alert color={color} variant="light" withCloseButton={!running} onClose={onClose} data-testid="started-run" data-status={run.status} data-run-id={run.id}>
      <Group gap="sm" justify="space-between">
        <Group gap="xs">
          {running && <Loader size="xs" />}
          <Text size="sm" fw={500}>
            {running
              ? `The run is ${run.status === 'queued' ? 'queued' : 'running'}: this page follows it.`
              : run.status === 'failed'
                ? `The run failed: ${run.error ?? 'see the run'}.`
                : run.breakCount === 0
                  ? 'The run completed: no breaks.'
                  : `The run completed: ${run.breakCount} ${run.breakCount === 1 ? 'break' : 'breaks'}.`}
          </Text>
        </Group>
        <Anchor component={Link} to={runPath(run.id)} size="sm" fw={600} data-testid="started-run-open">
          Open the run
        </Anchor>
      </Group>
      {pollError && (
        <Text size="xs" c="red" mt={4}>
          Could not read the run just now ({pollError}); trying again.
        </Text>
      )}
    </Alert>
  );
}
