import { Badge, Button, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../../api/backoffice';
import type { ScreeningHit } from '../../api/types';
import { formatDateTime, humanize, statusColor } from '../../lib/format';
import { useStaffSession } from '../session';
import { ActionError } from './ActionError';
import { NoteInput } from './NoteInput';
import { useCaseAction } from './useCaseAction';

/** Sanctions/PEP screening hits: score, topics, the matcher's explanation; an open hit is cleared or confirmed with a note. */
export function ScreeningHits({ hits, reload }: { hits: ScreeningHit[]; reload: () => void }) {
  const { staff } = useStaffSession();
  const canDecide = staff.roles.some((role) => role === 'compliance' || role === 'supervisor');
  const open = hits.filter((hit) => hit.status === 'open').length;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="screening-hits">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          Screening
        </Title>
        {open > 0 && (
          <Badge color="red" variant="filled">
            {open} open
          </Badge>
        )}
      </Group>
      {hits.length === 0 ? (
        <Text size="sm" c="dimmed">
          No sanctions or PEP matches.
        </Text>
      ) : (
        <Stack gap="sm">
          {hits.map((hit) => (
            <Hit key={hit.id} hit={hit} canDecide={canDecide} reload={reload} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Hit({ hit, canDecide, reload }: { hit: ScreeningHit; canDecide: boolean; reload: () => void }) {
  const [decision, setDecision] = useState<'clear' | 'confirm' | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const submit = useCaseAction(backofficeApi.decideScreeningHit, reload, () => setDecision(null));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!decision) return;
    if (!note.trim()) return setNoteError('Write a note.');
    await submit.go(hit.id, decision, note.trim());
  }

  return (
    <Paper withBorder p="sm" radius="md" data-testid="screening-hit" data-status={hit.status}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text fw={700}>{hit.caption}</Text>
          <Text size="xs" c="dimmed">
            {hit.schema} · {hit.matchEntityId} · list {hit.listVersion}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Badge variant="outline" color={hit.score >= 0.9 ? 'red' : hit.score >= 0.7 ? 'orange' : 'gray'} data-testid="screening-score">
            score {hit.score.toFixed(2)}
          </Badge>
          <Badge variant="light" color={statusColor(hit.status)}>
            {humanize(hit.status)}
          </Badge>
        </Group>
      </Group>
      <Group gap={4} mt={6}>
        {hit.topics.map((topic) => (
          <Badge key={topic} size="xs" variant="light" color="grape">
            {topic}
          </Badge>
        ))}
        {hit.datasets.map((dataset) => (
          <Badge key={dataset} size="xs" variant="outline" color="gray">
            {dataset}
          </Badge>
        ))}
      </Group>
      <Text size="sm" mt={6} style={{ whiteSpace: 'pre-wrap' }}>
        {hit.explanation}
      </Text>
      {hit.decisionNote && (
        <Text size="xs" c="dimmed" mt={4}>
          {humanize(hit.status)} {formatDateTime(hit.decidedAt)}: “{hit.decisionNote}”
        </Text>
      )}
      {hit.status === 'open' && canDecide && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <Stack gap="xs" mt="sm">
            {decision === null ? (
              <Group gap="xs">
                <Button size="compact-sm" variant="light" color="green" onClick={() => setDecision('clear')} data-testid="hit-clear">
                  Clear (false positive)
                </Button>
                <Button size="compact-sm" variant="light" color="red" onClick={() => setDecision('confirm')} data-testid="hit-confirm">
                  Confirm match
                </Button>
              </Group>
            ) : (
              <>
                <NoteInput value={note} onChange={(v) => { setNote(v); setNoteError(undefined); }} error={noteError} />
                <ActionError error={submit.error} onReload={reload} />
                <Group gap="xs">
                  <Button type="submit" size="sm" color={decision === 'clear' ? 'green' : 'red'} loading={submit.loading}>
                    {decision === 'clear' ? 'Clear hit' : 'Confirm match'}
                  </Button>
                  <Button size="sm" variant="default" onClick={() => setDecision(null)}>
                    Cancel
                  </Button>
                </Group>
              </>
            )}
          </Stack>
        </form>
      )}
    </Paper>
  );
}
