import { Anchor, Code, Paper, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LabeledValue } from '../../components/LabeledValue';
import { formatDateTime } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';
import { evidenceLabel } from './labels';
import { EXCEPTIONS_PATH } from './paths';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MINOR = /^-?\d+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A link to the record an id names, where the back office has a page for it. */
function recordLink(key: string, id: string, evidence: Record<string, unknown>): string | null {
  if (key === 'depositId') return `/backoffice/payments/deposits/${encodeURIComponent(id)}`;
  if (key === 'withdrawalId') return `/backoffice/payments/withdrawals/${encodeURIComponent(id)}`;
  if (key === 'exceptionId') {
    const status = evidence['exceptionStatus'] === 'resolved' ? 'resolved' : 'open';
    return `${EXCEPTIONS_PATH}${status === 'resolved' ? '?status=resolved' : ''}`;
  }
  return null;
}

function Value({ name, value, currency, evidence }: { name: string; value: unknown; currency: string | null; evidence: Record<string, unknown> }): ReactNode {
  if (value === null || value === undefined || value === '') {
    return (
      <Text size="sm" c="dimmed">
        {value === '' ? '(empty)' : '—'}
      </Text>
    );
  }
  if (typeof value === 'string') {
    if (name.endsWith('Minor') && MINOR.test(value) && currency) {
      return (
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} title={`${value} minor units`}>
          {formatStaffMoney(value, currency)}
        </Text>
      );
    }
    if (ISO_TIME.test(value)) {
      return (
        <Text size="sm" title={value}>
          {formatDateTime(value)}
        </Text>
      );
    }
    const to = recordLink(name, value, evidence);
    if (to) {
      return (
        <Anchor component={Link} to={to} size="sm" ff="monospace">
          {value}
        </Anchor>
      );
    }
    return (
      <Text size="sm" ff={/^[0-9a-f-]{16,}$/i.test(value) ? 'monospace' : undefined}>
        {value}
      </Text>
    );
  }
  return <Text size="sm">{String(value as number | boolean)}</Text>;
}

/** A break's (or an exception's) evidence as labelled values; amounts in minor units shown as money, times in words, nested lines and deals as boxes. */
function EvidenceFields({ evidence, currency }: { evidence: Record<string, unknown>; currency: string | null }) {
  const own = typeof evidence['currency'] === 'string' ? (evidence['currency'] as string) : currency;
  const entries = Object.entries(evidence);
  const flat = entries.filter(([, v]) => !isRecord(v) && !Array.isArray(v));
  const nested = entries.filter(([, v]) => isRecord(v) || Array.isArray(v));
  return (
    <Stack gap="sm">
      {flat.length > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="md" verticalSpacing="xs">
          {flat.map(([key, value]) => (
            <LabeledValue key={key} name={evidenceLabel(key)}>
              <div data-testid="evidence-field" data-key={key}>
                <Value name={key} value={value} currency={own} evidence={evidence} />
              </div>
            </LabeledValue>
          ))}
        </SimpleGrid>
      )}
      {nested.map(([key, value]) => (
        <Stack key={key} gap={4}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {evidenceLabel(key)}
          </Text>
          {(Array.isArray(value) ? value : [value]).map((item, index) => (
            <Paper key={index} withBorder radius="sm" p="xs" bg="gray.0">
              {isRecord(item) ? <EvidenceFields evidence={item} currency={own} /> : <Value name={key} value={item} currency={own} evidence={evidence} />}
            </Paper>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

export function EvidenceView({ evidence, currency, testId = 'evidence' }: { evidence: Record<string, unknown>; currency: string | null; testId?: string }) {
  const [raw, setRaw] = useState(false);
  return (
    <Stack gap="xs" data-testid={testId}>
      {Object.keys(evidence).length === 0 ? (
        <Text size="sm" c="dimmed">
          No evidence recorded.
        </Text>
      ) : (
        <EvidenceFields evidence={evidence} currency={currency} />
      )}
      <UnstyledButton onClick={() => setRaw((r) => !r)} aria-expanded={raw} style={{ alignSelf: 'flex-start' }}>
        <Text size="xs" c="indigo">
          {raw ? 'Hide the raw evidence' : 'Show the raw evidence (JSON)'}
        </Text>
      </UnstyledButton>
      {raw && (
        <Code block fz="xs" data-testid="evidence-json">
          {JSON.stringify(evidence, null, 2)}
        </Code>
      )}
    </Stack>
  );
}
