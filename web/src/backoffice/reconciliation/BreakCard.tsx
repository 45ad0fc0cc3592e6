import { Anchor, Badge, Button, Card, Divider, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { reconciliationApi, type ReconciliationBreak } from '../../api/reconciliation';
import type { Staff } from '../../api/types';
import { LabeledValue } from '../../components/LabeledValue';
import { formatSignedMoney, formatStaffMoney, isZero } from '../../lib/money';
import { EvidenceView } from './EvidenceView';
import { BREAK_KIND_INFO } from './labels';
import { clientPath } from './paths';
import { ResolutionFooter } from './Resolution';
import { ResolutionBadge } from './RunParts';

function Money({ minor, currency, signed = false, testId }: { minor: string | null; currency: string | null; signed?: boolean; testId: string }) {
  if (minor === null) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        —
      </Text>
    );
  }
  const text = currency ? (signed ? formatSignedMoney(minor, currency) : formatStaffMoney(minor, currency)) : minor;
  const color = signed && !isZero(minor) ? (minor.startsWith('-') ? 'red.8' : 'orange.8') : undefined;
  return (
    <Text size="sm" fw={signed ? 600 : undefined} c={color} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid={testId} data-minor={minor}>
      {text}
    </Text>
  );
}

function Plain({ value, mono = false }: { value: string | null; mono?: boolean }) {
  return (
    <Text size="sm" ff={mono && value ? 'monospace' : undefined} c={value ? undefined : 'dimmed'}>
      {value ?? '—'}
    </Text>
  );
}

/** Where the break is: a platform account (login, client) or a payment provider. */
function Where({ item }: { item: ReconciliationBreak }) {
  if (item.providerId && !item.login) return <Plain value={`Provider ${item.providerId}`} />;
  return (
    <div>
      <Text size="sm">
        {item.platformId ?? 'Platform'} {item.login ? <b data-testid="break-login">{item.login}</b> : null}
      </Text>
      {item.clientId ? (
        <Anchor component={Link} to={clientPath(item.clientId)} size="xs" data-testid="break-client">
          {item.clientName ?? 'Client record'}{item.entityId ? ` · ${item.entityId}` : ''}
        </Anchor>
      ) : (
        <Text size="xs" c="dimmed">
          No client
        </Text>
      )}
    </div>
  );
}

/**
 * One break of a run: its kind in words, where it is, the reference and deal, expected / actual / difference as
 * money, its evidence, and — for finance while it is open — resolving it with a note.
 */
export function BreakCard({ item, staff, canResolve, onResolved }: { item: ReconciliationBreak; staff: Staff; canResolve: boolean; onResolved: (resolved: ReconciliationBreak) => void }) {
  const [resolving, setResolving] = useState(false);
  const info = BREAK_KIND_INFO[item.kind];
  return (
    <Card withBorder radius="md" padding="md" data-testid="break" data-break-id={item.id} data-kind={item.kind} data-status={item.status}>
      <Group justify="space-between" align="flex-start" gap="sm" mb="sm">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs">
            <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
              #{item.seq}
            </Text>
            <Tooltip label={item.kind} withArrow>
              <Badge variant="light" color={info?.source === 'psp' ? 'grape' : 'orange'} style={{ textTransform: 'none', maxWidth: '100%' }} data-testid="break-kind">
                {info?.label ?? item.kind}
              </Badge>
            </Tooltip>
            <ResolutionBadge status={item.status} />
          </Group>
          {info && (
            <Text size="xs" c="dimmed" mt={4}>
              {info.explanation}
            </Text>
          )}
        </div>
        {canResolve && item.status === 'open' && !resolving && (
          <Button size="compact-sm" variant="light" color="green" onClick={() => setResolving(true)} data-testid="break-resolve">
            Resolve
          </Button>
        )}
      </Group>

      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
        <LabeledValue name="Account">
          <Where item={item} />
        </LabeledValue>
        <LabeledValue name="Reference">
          <Plain value={item.reference} mono />
        </LabeledValue>
        <LabeledValue name="Deal">
          <Plain value={item.dealId} mono />
        </LabeledValue>
        <LabeledValue name="Expected">
          <Money minor={item.expectedMinor} currency={item.currency} testId="break-expected" />
        </LabeledValue>
        <LabeledValue name="Actual">
          <Money minor={item.actualMinor} currency={item.currency} testId="break-actual" />
        </LabeledValue>
        <LabeledValue name="Difference">
          <Money minor={item.differenceMinor} currency={item.currency} signed testId="break-difference" />
        </LabeledValue>
      </SimpleGrid>

      <Divider my="sm" label="Evidence" labelPosition="left" />
      <EvidenceView evidence={item.evidence} currency={item.currency} testId="break-evidence" />

      <ResolutionFooter
        item={item}
        staff={staff}
        resolving={resolving}
        resolve={(note) => reconciliationApi.resolveBreak(item.id, note)}
        onResolved={(result) => onResolved({ ...item, ...result.break })}
        onClose={() => setResolving(false)}
        testId="break-resolve-form"
      />
    </Card>
  );
}

/** Stack of break cards (kept here so the page stays about the run). */
export function BreakList({ items, staff, canResolve, onResolved }: { items: ReconciliationBreak[]; staff: Staff; canResolve: boolean; onResolved: (resolved: ReconciliationBreak) => void }) {
  return (
    <Stack gap="sm" data-testid="breaks">
      {items.map((item) => (
        <BreakCard key={item.id} item={item} staff={staff} canResolve={canResolve} onResolved={onResolved} />
      ))}
    </Stack>
  );
}
