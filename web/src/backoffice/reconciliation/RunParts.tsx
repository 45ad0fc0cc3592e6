/** Pieces of a reconciliation run shown on the runs list and the run's page: status, what was checked, breaks per kind, notes. */
import { Alert, Badge, Group, List, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { BreakKind, ReconciliationRun, ResolutionStatus } from '../../api/reconciliation';
import type { Staff } from '../../api/types';
import { formatDate, formatDateTime, formatDuration } from '../../lib/format';
import { actorWords, BREAK_KIND_INFO, BREAK_KINDS, isRunning, RUN_STATUS_COLORS, RUN_STATUS_LABELS } from './labels';

export function RunStatusBadge({ run, size = 'md' }: { run: ReconciliationRun; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge size={size} variant={isRunning(run.status) ? 'light' : 'filled'} color={RUN_STATUS_COLORS[run.status]} style={{ minWidth: 'max-content' }} data-testid="run-status" data-status={run.status}>
      {RUN_STATUS_LABELS[run.status]}
    </Badge>
  );
}

/** Who asked, when, and how long it took. */
export function runWhen(run: ReconciliationRun, staff: Staff): { requested: string; by: string; duration: string } {
  return {
    requested: formatDateTime(run.requestedAt),
    by: actorWords(run.requestedBy, staff, run.requestedByName),
    duration: run.durationMs === null ? (isRunning(run.status) ? 'in progress' : '—') : run.durationMs < 1000 ? `${run.durationMs} ms` : run.durationMs < 60_000 ? `${(run.durationMs / 1000).toFixed(1)} s` : formatDuration(run.durationMs),
  };
}

export function settlementPeriod(run: ReconciliationRun): string {
  return run.settlementFrom === run.settlementTo ? formatDate(run.settlementFrom) : `${formatDate(run.settlementFrom)} – ${formatDate(run.settlementTo)}`;
}

/** "12 accounts · 40 transfers · 52 deals · 8 settlement lines". */
export function CheckedCounts({ run }: { run: ReconciliationRun }) {
  if (isRunning(run.status)) return <Text size="sm" c="dimmed">—</Text>;
  const parts = [
    [run.accountsChecked, 'account', 'accounts'],
    [run.transfersChecked, 'transfer', 'transfers'],
    [run.dealsChecked, 'deal', 'deals'],
    [run.settlementRowsChecked, 'settlement line', 'settlement lines'],
  ] as const;
  // Each count stays whole; a narrow column wraps between them.
  return (
    <Text size="sm" data-testid="run-checked" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {parts.map(([n, one, many], i) => (
        <span key={one}>
          {i > 0 && ' · '}
          <span style={{ whiteSpace: 'nowrap' }}>{`${n} ${n === 1 ? one : many}`}</span>
        </span>
      ))}
    </Text>
  );
}

/** The kinds of break a run found with their counts; with `onPick`, each badge filters by its kind. */
export function BreakKindCounts({ run, active, onPick }: { run: ReconciliationRun; active?: BreakKind | null; onPick?: (kind: BreakKind | null) => void }) {
  if (isRunning(run.status)) return <Text size="sm" c="dimmed">Not known yet</Text>;
  const kinds = BREAK_KINDS.filter((kind) => (run.breaksByKind[kind] ?? 0) > 0);
  if (kinds.length === 0) {
    return (
      <Text size="sm" c={run.status === 'failed' ? 'dimmed' : 'green.8'} fw={500} data-testid="run-no-breaks">
        {run.status === 'failed' ? '—' : 'No breaks'}
      </Text>
    );
  }
  return (
    <Group gap={6} data-testid="run-break-kinds">
      {kinds.map((kind) => {
        const info = BREAK_KIND_INFO[kind];
        const pressed = active === kind;
        const badge = (
          <Badge
            size="sm"
            variant={pressed ? 'filled' : 'light'}
            color={info.source === 'psp' ? 'grape' : 'orange'}
            rightSection={<b>{run.breaksByKind[kind]}</b>}
            style={{ textTransform: 'none', maxWidth: '100%' }}
            data-testid="run-break-kind"
            data-kind={kind}
          >
            {info.label}
          </Badge>
        );
        return (
          <Tooltip key={kind} label={info.explanation} withArrow multiline maw={320}>
            {onPick ? (
              <UnstyledButton onClick={() => onPick(pressed ? null : kind)} aria-pressed={pressed} style={{ maxWidth: '100%' }}>
                {badge}
              </UnstyledButton>
            ) : (
              badge
            )}
          </Tooltip>
        );
      })}
    </Group>
  );
}

/** What the run could not check (a platform not connected, a settlement report not readable…), and a failed run's error. */
export function RunNotes({ run, compact = false }: { run: ReconciliationRun; compact?: boolean }) {
  if (run.notes.length === 0 && !run.error) return null;
  if (compact) {
    return (
      <Group gap={4} wrap="nowrap" align="flex-start">
        <IconAlertTriangle size={14} color="var(--mantine-color-orange-7)" style={{ flexShrink: 0, marginTop: 3 }} />
        <Text size="xs" c={run.error ? 'red' : 'orange.8'} data-testid="run-notes">
          {[run.error, ...run.notes.map((n) => n.detail)].filter(Boolean).join(' · ')}
        </Text>
      </Group>
    );
  }
  return (
    <>
      {run.error && (
        <Alert color="red" variant="light" title="The run failed" data-testid="run-error">
          {run.error}
        </Alert>
      )}
      {run.notes.length > 0 && (
        <Alert color="orange" variant="light" title="Not checked by this run" icon={<IconAlertTriangle size={18} />} data-testid="run-notes">
          <List size="sm" spacing={2}>
            {run.notes.map((note, i) => (
              <List.Item key={`${note.code}-${i}`} data-code={note.code} style={{ overflowWrap: 'anywhere' }}>
                {note.detail}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </>
  );
}

/** Open / resolved, as on breaks and exceptions. */
export function ResolutionBadge({ status }: { status: ResolutionStatus }) {
  return (
    <Badge variant="light" color={status === 'open' ? 'red' : 'green'} style={{ minWidth: 'max-content' }} data-testid="resolution-status">
      {status === 'open' ? 'Open' : 'Resolved'}
    </Badge>
  );
}
