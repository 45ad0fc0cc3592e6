import { Alert, Anchor, Badge, Button, Card, Divider, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { reconciliationApi, type PlatformException, type ResolutionStatus } from '../../api/reconciliation';
import type { Staff } from '../../api/types';
import { LabeledValue } from '../../components/LabeledValue';
import { useCursorList } from '../../hooks/useCursorList';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { formatDateTime, humanize } from '../../lib/format';
import { formatSignedMoney } from '../../lib/money';
import { staffMay } from '../roles';
import { useStaffSession } from '../session';
import { EvidenceView } from './EvidenceView';
import { clientPath, RUNS_PATH } from './paths';
import { ResolutionFooter } from './Resolution';
import { ResolutionBadge } from './RunParts';
import { ListFooter } from '../../components/ListFooter';

/**
 * `/backoffice/reconciliation/exceptions`: finance's queue of platform exceptions — balance, credit, charge,
 * correction or bonus deals made on a trading platform without a reference of ours (Traderoom did not make them),
 * found by the balance sync — newest first, open or resolved (`?status=resolved`). Finance resolves each with a note.
 */
export function PlatformExceptionsPage() {
  const { staff } = useStaffSession();
  const canResolve = staffMay(staff.roles, 'reconciliation.resolve');
  const [params] = useSearchParams();
  const status: ResolutionStatus = params.get('status') === 'resolved' ? 'resolved' : 'open';
  const setFilter = useSetSearchParam();
  const list = useCursorList<PlatformException>((cursor, signal) => reconciliationApi.exceptions(status, cursor, signal), [status]);
  // Resolved on this page since the list was read: shown resolved in place until the next reload.
  const [resolved, setResolved] = useState<Record<string, PlatformException>>({});
  const items = list.items.map((item) => resolved[item.id] ?? item);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Platform exceptions
        </Title>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={list.reload} data-testid="exceptions-refresh">
          Refresh
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Operations made on a trading platform that Traderoom did not make — a balance, credit, charge, correction or bonus from the manager terminal,
        without one of our references. The balance sync finds them every 15 minutes (or when finance runs it from{' '}
        <Anchor component={Link} to={RUNS_PATH} size="sm">
          Reconciliation
        </Anchor>
        ). Look at each deal and resolve it with a note: what it was and what was done.
      </Text>

      <Tabs value={status} onChange={(value) => setFilter('status', value === 'resolved' ? 'resolved' : null)} keepMounted={false}>
        <Tabs.List data-testid="exception-tabs">
          <Tabs.Tab value="open" data-testid="exception-tab" data-status="open">
            Open
          </Tabs.Tab>
          <Tabs.Tab value="resolved" data-testid="exception-tab" data-status="resolved">
            Resolved
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>

      {list.error && (
        <Alert color="red" variant="light" title="Could not load the exceptions">
          {list.error.message}
        </Alert>
      )}
      <Stack gap="sm" data-testid="exceptions" aria-busy={list.loading}>
        {items.map((item) => (
          <ExceptionCard key={item.id} item={item} staff={staff} canResolve={canResolve} onResolved={(e) => setResolved((r) => ({ ...r, [e.id]: e }))} />
        ))}
      </Stack>
      <ListFooter list={{ ...list, items }} loadingLabel="Loading the exceptions" empty={status === 'open' ? 'No open exceptions: every operation on the platforms is one of ours.' : 'No exception resolved yet.'} emptyTestId="exceptions-empty" />
    </Stack>
  );
}

function ExceptionCard({ item, staff, canResolve, onResolved }: { item: PlatformException; staff: Staff; canResolve: boolean; onResolved: (resolved: PlatformException) => void }) {
  const [resolving, setResolving] = useState(false);
  const { evidence } = item;
  return (
    <Card withBorder radius="md" padding="md" data-testid="exception" data-exception-id={item.id} data-deal-id={item.dealId} data-status={item.status}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
        <Group gap="xs">
          <Badge variant="light" color="orange" style={{ textTransform: 'none' }}>
            Manual {humanize(evidence.kind ?? 'operation').toLowerCase()} on the platform
          </Badge>
          <ResolutionBadge status={item.status} />
        </Group>
        {canResolve && item.status === 'open' && !resolving && (
          <Button size="compact-sm" variant="light" color="green" onClick={() => setResolving(true)} data-testid="exception-resolve">
            Resolve
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
        <LabeledValue name="Account">
          <Text size="sm">
            {item.platformId} <b data-testid="exception-login">{item.login}</b>
          </Text>
          <Anchor component={Link} to={clientPath(item.clientId)} size="xs" data-testid="exception-client">
            {item.clientName ?? 'Client record'} · {item.entityId}
          </Anchor>
        </LabeledValue>
        <LabeledValue name="Deal">
          <Text size="sm" ff="monospace" data-testid="exception-deal">
            {item.dealId}
          </Text>
        </LabeledValue>
        <LabeledValue name="Amount">
          <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid="exception-amount" data-minor={evidence.balanceEffectMinor}>
            {formatSignedMoney(evidence.balanceEffectMinor ?? evidence.amountMinor, evidence.currency)}
          </Text>
        </LabeledValue>
        <LabeledValue name="Comment on the platform">
          <Text size="sm" c={evidence.comment ? undefined : 'dimmed'} data-testid="exception-comment">
            {evidence.comment || '(empty)'}
          </Text>
        </LabeledValue>
        <LabeledValue name="Made on the platform">
          <Text size="sm">{formatDateTime(evidence.time)}</Text>
        </LabeledValue>
        <LabeledValue name="Found">
          <Text size="sm">{formatDateTime(item.createdAt)}</Text>
        </LabeledValue>
      </SimpleGrid>
      <Divider my="sm" label="Evidence" labelPosition="left" />
      <EvidenceView evidence={evidence} currency={evidence.currency} testId="exception-evidence" />
      <ResolutionFooter
        item={item}
        staff={staff}
        resolving={resolving}
        resolve={(note) => reconciliationApi.resolveException(item.id, note)}
        onResolved={(result) => onResolved({ ...item, ...result.exception })}
        onClose={() => setResolving(false)}
        testId="exception-resolve-form"
      />
    </Card>
  );
}
