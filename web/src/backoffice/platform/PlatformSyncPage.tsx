import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { platformSyncApi, type PlatformRights, type PlatformSyncItem, type PlatformSyncState } from '../../api/platform-sync';
import { useCountedCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { useSubmit } from '../../hooks/useSubmit';
import { formatDateTime, formatDuration, humanize } from '../../lib/format';
import { EntitySelect, useEntities } from '../EntitySelect';
import { staffMay } from '../roles';
import { useStaffSession } from '../session';
import { ListFooter } from '../../components/ListFooter';

const STATES: PlatformSyncState[] = ['failed', 'retrying', 'pending'];
const STATE_LABELS: Record<string, string> = { failed: 'Failed', retrying: 'Retrying', pending: 'Queued', applied: 'Platform differs' };
const STATE_COLORS: Record<string, string> = { failed: 'red', retrying: 'orange', pending: 'blue', applied: 'grape' };
const RIGHTS_LABELS: Record<PlatformRights, string> = { full: 'Full', trading_disabled: 'Trading disabled', login_disabled: 'Login disabled' };

function rightsLabel(rights: PlatformRights | null): string {
  return rights ? RIGHTS_LABELS[rights] : '—';
}

/**
 * `/backoffice/platform-sync`: trading accounts whose rights on the platform are not (yet) the ones their status
 * wants — queued, failing and retried, or given up — oldest first, with the attempts, the last error and how long
 * they have waited (`platform.sync.view`). "Retry now" queues the job again (`platform.sync.retry`, audited).
 */
export function PlatformSyncPage() {
  const { staff } = useStaffSession();
  const canRetry = staffMay(staff.roles, 'platform.sync.retry');
  const [params] = useSearchParams();
  const stateParam = params.get('state');
  const state = stateParam && (STATES as string[]).includes(stateParam) ? (stateParam as PlatformSyncState) : null;
  const entity = params.get('entity');
  const [notice, setNotice] = useState<string | null>(null);
  const { list, counts } = useCountedCursorList<PlatformSyncItem, Partial<Record<PlatformSyncState, number>>>(
    (cursor, signal) => platformSyncApi.list({ state, entity }, cursor, signal),
    [state, entity],
    {},
  );

  const retry = useSubmit((item: PlatformSyncItem) => platformSyncApi.retry(item.tradingAccountId));
  const [retrying, setRetrying] = useState<string | null>(null);
  const onRetry = async (item: PlatformSyncItem) => {
    setNotice(null);
    setRetrying(item.tradingAccountId);
    const outcome = await retry.run(item);
    setRetrying(null);
    if (outcome.ok) {
      setNotice(`Queued again: ${item.platformName} account ${item.login ?? item.tradingAccountId}.`);
      list.reload();
    }
  };

  const setFilter = useSetSearchParam();

  const { entities, error: entitiesError } = useEntities();

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Platform sync
        </Title>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={list.reload} data-testid="sync-refresh">
          Refresh
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Trading accounts whose rights on the trading platform do not match their status yet (a client restricted, reinstated or closed). Failed
        attempts that may pass are retried automatically; a failure that will not pass waits here for a retry.
      </Text>

      <Group gap="xs" data-testid="sync-counts">
        {STATES.map((s) => {
          const active = state === s;
          return (
            <UnstyledButton key={s} onClick={() => setFilter('state', active ? null : s)} aria-pressed={active}>
              <Badge size="lg" variant={active ? 'filled' : 'light'} color={STATE_COLORS[s]} data-testid="sync-count" data-state={s} rightSection={<b>{counts[s] ?? 0}</b>}>
                {STATE_LABELS[s]}
              </Badge>
            </UnstyledButton>
          );
        })}
      </Group>

      <Group align="flex-end" gap="sm">
        <EntitySelect entities={entities} error={entitiesError} value={entity} onChange={(v) => setFilter('entity', v)} w={200} testId="filter-entity" />
      </Group>

      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="sync-notice">
          {notice}
        </Alert>
      )}
      {retry.error && (
        <Alert color="red" variant="light" title="Could not retry" withCloseButton onClose={() => retry.setError(null)}>
          {retry.error.message}
        </Alert>
      )}
      {list.error && (
        <Alert color="red" variant="light" title="Could not load the platform sync">
          {list.error.message}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={1100}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="platform-sync" aria-busy={list.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Account</Table.Th>
              <Table.Th>Rights on the platform</Table.Th>
              <Table.Th>Sync</Table.Th>
              <Table.Th ta="end">Attempts</Table.Th>
              <Table.Th>Last error</Table.Th>
              <Table.Th>Waiting</Table.Th>
              {canRetry && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((item) => (
              <SyncRow key={item.tradingAccountId} item={item} canRetry={canRetry} retrying={retrying === item.tradingAccountId} onRetry={() => void onRetry(item)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      <ListFooter list={list} loadingLabel="Loading the platform sync" empty={<>{state || entity ? 'No accounts match.' : 'Every trading account has the rights its status wants on its platform.'}</>} emptyTestId="sync-empty" />
    </Stack>
  );
}

function SyncRow({ item, canRetry, retrying, onRetry }: { item: PlatformSyncItem; canRetry: boolean; retrying: boolean; onRetry: () => void }) {
  const name = item.clientName || item.clientEmail;
  return (
    <Table.Tr data-testid="sync-row" data-trading-account-id={item.tradingAccountId} data-state={item.state}>
      <Table.Td maw={240}>
        <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(item.clientId)}`} fw={500} display="block" truncate="end" title={name}>
          {name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {item.entityId} · client {humanize(item.clientStatus).toLowerCase()}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {item.platformName} {item.login ?? '—'}
        </Text>
        <Text size="xs" c="dimmed">
          {humanize(item.accountType)} {item.currency} · {humanize(item.accountStatus).toLowerCase()}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="sync-rights">
          {rightsLabel(item.appliedRights)} → <b>{rightsLabel(item.desiredRights)}</b>
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={STATE_COLORS[item.state] ?? 'gray'} style={{ minWidth: 'max-content' }}>
          {STATE_LABELS[item.state] ?? humanize(item.state)}
        </Badge>
        {item.nextAttemptAt && (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            next try from {formatDateTime(item.nextAttemptAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="end" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {item.attempts}
      </Table.Td>
      <Table.Td maw={320}>
        {item.lastError ? (
          <Tooltip label={item.lastError} withArrow multiline maw={420}>
            <div>
              <Text size="sm" c="red" truncate="end" data-testid="sync-error">
                {item.lastError}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(item.lastErrorAt)}
              </Text>
            </div>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDuration(item.ageMs)}</Table.Td>
      {canRetry && (
        <Table.Td>
          <Button size="compact-sm" variant="light" onClick={onRetry} loading={retrying} data-testid="sync-retry">
            Retry now
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
