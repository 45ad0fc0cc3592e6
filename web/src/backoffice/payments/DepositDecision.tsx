import { Alert, Button, Card, Group, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import { backofficeApi } from '../../api/backoffice';
import type { DepositDetail } from '../../api/types';
import { formatStaffMoney } from '../../lib/money';
import { label } from '../kyc/labels';
import { NoteInput } from '../kyc/NoteInput';
import { useCaseAction } from '../kyc/useCaseAction';
import { DEPOSIT_REJECTION_LABELS, depositActionErrorMessage } from './labels';

/**
 * Approve (credit the wallet) or reject with a reason. A decision always needs a note: the button stays disabled
 * until there is one (and the server refuses without). The version the reviewer saw is sent, so a deposit that
 * changed meanwhile is refused, not overwritten.
 */
export function DepositDecision({ detail, reload }: { detail: DepositDetail; reload: () => void }) {
  const { deposit, allowedDecisions } = detail;
  const [decision, setDecision] = useState<'approve' | 'reject'>(allowedDecisions.includes('approve') ? 'approve' : 'reject');
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const submit = useCaseAction(backofficeApi.decideDeposit, reload);
  const amount = formatStaffMoney(deposit.amountMinor, deposit.currency);
  const ready = note.trim() !== '' && (decision === 'approve' || reason !== null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready) return;
    await submit.go(
      deposit.id,
      decision === 'approve'
        ? { decision: 'approve', note: note.trim(), expectedVersion: deposit.version }
        : { decision: 'reject', reason: reason!, note: note.trim(), expectedVersion: deposit.version },
    );
  }

  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-decision">
      <Title order={2} size="h4" mb="md">
        Decision
      </Title>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Decision"
            data={[
              { value: 'approve', label: 'Approve', disabled: !allowedDecisions.includes('approve') },
              { value: 'reject', label: 'Reject', disabled: !allowedDecisions.includes('reject') },
            ]}
            value={decision}
            onChange={(value) => {
              setDecision(value as 'approve' | 'reject');
              submit.setError(null);
            }}
            color={decision === 'approve' ? 'green' : 'red'}
            w="fit-content"
            data-testid="decision-choice"
          />
          <Text size="sm" c="dimmed">
            {decision === 'approve'
              ? `Approving credits ${amount} to the client's wallet at once.`
              : 'Rejecting credits nothing: the money stays owed back to the payer. The client sees the deposit as failed, with the reason in their words.'}
          </Text>
          {decision === 'reject' && (
            <Select
              label="Reason"
              withAsterisk
              data={detail.rejectionReasons.map((code) => ({ value: code, label: label(DEPOSIT_REJECTION_LABELS, code) }))}
              value={reason}
              onChange={setReason}
              error={submit.fieldErrors['reason']}
              data-testid="reject-reason"
            />
          )}
          <NoteInput value={note} onChange={setNote} error={submit.fieldErrors['note']} testId="decision-note" />
          <DecisionError error={submit.error} onReload={reload} />
          <Group gap="xs">
            <Button type="submit" color={decision === 'approve' ? 'green' : 'red'} disabled={!ready} loading={submit.loading} data-testid="decision-submit">
              {decision === 'approve' ? `Approve and credit ${amount}` : 'Reject deposit'}
            </Button>
            {!ready && (
              <Text size="xs" c="dimmed">
                {note.trim() === '' ? 'Write a note to decide.' : 'Choose a reason.'}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function DecisionError({ error, onReload }: { error: ApiError | null; onReload: () => void }) {
  if (!error) return null;
  const changed = error.code === 'stale_version' || error.code === 'illegal_transition';
  return (
    <Alert
      color={error.status === 409 ? 'orange' : 'red'}
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={error.status === 409 ? 'Not done: the deposit changed' : error.status === 403 ? 'Not allowed' : 'Not done'}
      data-testid="action-error"
      data-code={error.code}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{depositActionErrorMessage(error)}</Text>
        {changed && (
          <Button size="compact-sm" variant="white" color="orange" onClick={onReload} data-testid="action-error-reload">
            Reload the deposit
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
