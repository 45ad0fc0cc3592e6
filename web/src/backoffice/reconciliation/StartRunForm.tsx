import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { reconciliationApi, type ReconciliationRun } from '../../api/reconciliation';
import { FormError } from '../../components/FormError';
import { useSubmit } from '../../hooks/useSubmit';
import { newIdempotencyKey } from '../../lib/idempotency';

/** The field a refused period names (`details.field` of the server's validation error). */
function refusedField(details: unknown): string | null {
  if (typeof details !== 'object' || details === null) return null;
  const field = (details as Record<string, unknown>)['field'];
  return typeof field === 'string' ? field : null;
}

/**
 * Start a reconciliation run: the platforms are always checked as they are now; the settlement reports of the PSPs
 * for the period chosen (by default the 7 days up to today). One Idempotency-Key per attempt, so a double click or a
 * retried request cannot start two runs.
 */
export function StartRunForm({ onStarted, onCancel }: { onStarted: (run: ReconciliationRun) => void; onCancel: () => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const attemptKey = useRef(newIdempotencyKey('reconciliation-run'));
  const submit = useSubmit(reconciliationApi.startRun);
  const today = new Date().toISOString().slice(0, 10);

  const changed = () => {
    attemptKey.current = newIdempotencyKey('reconciliation-run');
    submit.setError(null);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await submit.run({ ...(from ? { settlementFrom: from } : {}), ...(to ? { settlementTo: to } : {}) }, attemptKey.current);
    attemptKey.current = newIdempotencyKey('reconciliation-run');
    if (outcome.ok) onStarted(outcome.value.run);
  }

  const field = submit.error ? refusedField(submit.error.details) : null;
  return (
    <Card withBorder radius="md" padding="md" data-testid="start-run-form">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            The run compares every live trading account with its platform as it is now, and each payment provider&apos;s settlement report with our deposits
            and payouts. Choose the settlement dates to check, or leave them empty for the last 7 days.
          </Text>
          <Group align="flex-start" gap="sm">
            <TextInput
              type="date"
              label="Settlement from"
              value={from}
              max={to || today}
              onChange={(e) => {
                setFrom(e.currentTarget.value);
                changed();
              }}
              error={field === 'settlementFrom'}
              w={180}
              data-testid="start-run-from"
            />
            <TextInput
              type="date"
              label="Settlement to"
              value={to}
              min={from || undefined}
              max={today}
              onChange={(e) => {
                setTo(e.currentTarget.value);
                changed();
              }}
              error={field === 'settlementTo'}
              w={180}
              data-testid="start-run-to"
            />
          </Group>
          <FormError error={submit.error} title="The run was not started" />
          <Group gap="xs">
            <Button type="submit" loading={submit.loading} data-testid="start-run-submit">
              Start the run
            </Button>
            <Button variant="default" onClick={onCancel} disabled={submit.loading}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
