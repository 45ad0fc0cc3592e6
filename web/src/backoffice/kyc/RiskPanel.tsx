import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../../api/backoffice';
import type { KycCaseDetail, RiskLevel } from '../../api/types';
import { riskColor } from '../../lib/format';
import { useStaffSession } from '../session';
import { ActionError } from './ActionError';
import { NoteInput } from './NoteInput';
import { useCaseAction } from './useCaseAction';

const REMOVE = 'computed';

/** The client's risk: level, score and the factors behind it; compliance can override it with a note. */
export function RiskPanel({ detail, reload }: { detail: KycCaseDetail; reload: () => void }) {
  const { staff } = useStaffSession();
  const risk = detail.client.risk;
  const canOverride = staff.roles.some((role) => role === 'compliance' || role === 'supervisor');
  const [open, setOpen] = useState(false);
  const [level, setLevel] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const submit = useCaseAction(backofficeApi.overrideRisk, reload, () => {
    setOpen(false);
    setNote('');
    setLevel(null);
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!level) problems.level = 'Choose a level.';
    if (!note.trim()) problems.note = 'Explain the override.';
    setChecked(problems);
    if (Object.keys(problems).length > 0 || !level) return;
    await submit.go(detail.client.id, level === REMOVE ? null : (level as RiskLevel), note.trim());
  }

  return (
    <Card withBorder radius="md" padding="lg" data-testid="risk-panel">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Risk
        </Title>
        <Badge size="lg" color={riskColor(risk.level)} variant="filled" data-testid="risk-level">
          {risk.level ?? 'unknown'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        Score {risk.score ?? '—'} · computed level {risk.computedLevel ?? '—'}
        {risk.overridden && ' · overridden by compliance'}
      </Text>
      {(risk.factors ?? []).length > 0 && (
        <Table fz="sm" mt="xs" verticalSpacing={4}>
          <Table.Tbody>
            {(risk.factors ?? []).map((factor) => (
              <Table.Tr key={factor.code}>
                <Table.Td>{factor.detail}</Table.Td>
                <Table.Td ta="end" c="dimmed">
                  +{factor.points}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canOverride &&
        (open ? (
          <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="risk-override-form">
            <Stack gap="xs" mt="sm">
              <Select
                label="Risk level"
                withAsterisk
                data={[
                  { value: 'low', label: 'Low' },
                  { value: 'medium', label: 'Medium' },
                  { value: 'high', label: 'High' },
                  ...(risk.overridden ? [{ value: REMOVE, label: `Remove the override (back to ${risk.computedLevel ?? 'computed'})` }] : []),
                ]}
                value={level}
                onChange={setLevel}
                error={checked.level}
              />
              <NoteInput value={note} onChange={setNote} error={checked.note} />
              <ActionError error={submit.error} onReload={reload} />
              <Group gap="xs">
                <Button type="submit" size="sm" loading={submit.loading}>
                  Override risk
                </Button>
                <Button size="sm" variant="default" onClick={() => setOpen(false)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Button size="compact-sm" variant="subtle" mt="sm" onClick={() => setOpen(true)} data-testid="risk-override">
            Override…
          </Button>
        ))}
    </Card>
  );
}
