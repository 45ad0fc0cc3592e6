import { Alert, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import {
  CLIENT_CLOSURE_REASONS,
  CLIENT_RESTRICTION_REASONS,
  clientAccountMachine,
  type ClientAccountState,
  type StaffClientEvent,
} from '../../../src/domain/machines/client-account-machine';
import { backofficeApi } from '../api/backoffice';
import type { ClientDetail } from '../api/types';
import { useSubmit } from '../hooks/useSubmit';
import { NoteInput } from './kyc/NoteInput';

const REASON_LABELS: Record<string, string> = {
  kyc_lapsed: 'KYC lapsed (a document expired)',
  compliance_hold: 'Compliance hold',
  suspected_fraud: 'Suspected fraud',
  client_request: 'Client request',
  compliance_decision: 'Compliance decision',
  duplicate_account: 'Duplicate account',
  dormant: 'Dormant',
};

export const reasonLabel = (code: string) => REASON_LABELS[code] ?? code;

const EVENTS: Record<StaffClientEvent, { label: string; color: string; reasons: readonly string[] | null; explain: string }> = {
  restrict: {
    label: 'Restrict',
    color: 'orange',
    reasons: CLIENT_RESTRICTION_REASONS,
    explain: 'The client keeps portal access but may not deposit, withdraw or trade; trading accounts switch to the configured rights.',
  },
  lift_restriction: {
    label: 'Lift restriction',
    color: 'teal',
    reasons: null,
    explain: 'Needs approved KYC, no open screening hit and no expired document without a replacement. Trading accounts get full rights back.',
  },
  close: {
    label: 'Close record',
    color: 'red',
    reasons: CLIENT_CLOSURE_REASONS,
    explain: 'Final. Needs empty wallets and trading accounts and nothing open; ends every portal session and disables trading logins.',
  },
};

/** The events this record's state allows, in the order restrict, lift, close. */
function availableEvents(status: string): StaffClientEvent[] {
  return (Object.keys(EVENTS) as StaffClientEvent[]).filter((event) => clientAccountMachine.events[event].from.includes(status as ClientAccountState));
}

/**
 * Compliance changes the client's standing by hand (SPEC §5, §7): restrict
 * with a reason, lift once compliant again, or close the record. The server
 * evaluates the guards; its refusal is shown as it says it.
 */
export function ClientStanding({ client, onChanged }: { client: ClientDetail; onChanged: () => void }) {
  const [event, setEvent] = useState<StaffClientEvent | null>(null);
  const events = availableEvents(client.status);

  return (
    <Card withBorder radius="md" padding="lg" data-testid="client-standing">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} size="h4">
              Standing
            </Title>
            <Text size="sm" c="dimmed" data-testid="client-standing-summary">
              {client.status === 'restricted' && client.restrictionReason
                ? `Restricted: ${reasonLabel(client.restrictionReason)}.`
                : client.status === 'closed'
                  ? 'The record is closed.'
                  : 'Restrict, lift a restriction or close the record; each change is audited with your note.'}
            </Text>
          </Stack>
          <Group gap="xs">
            {events.map((e) => (
              <Button key={e} size="xs" variant={event === e ? 'filled' : 'light'} color={EVENTS[e].color} onClick={() => setEvent(event === e ? null : e)} data-testid={`standing-${e}`}>
                {EVENTS[e].label}
              </Button>
            ))}
          </Group>
        </Group>
        {event && (
          <StandingForm
            key={event}
            clientId={client.id}
            event={event}
            onCancel={() => setEvent(null)}
            onDone={() => {
              setEvent(null);
              onChanged();
            }}
          />
        )}
      </Stack>
    </Card>
  );
}

function StandingForm({ clientId, event, onCancel, onDone }: { clientId: string; event: StaffClientEvent; onCancel: () => void; onDone: () => void }) {
  const spec = EVENTS[event];
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<{ reason?: string; note?: string }>({});
  const submit = useSubmit(backofficeApi.changeClientStanding);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const missing = { reason: spec.reasons && !reason ? 'Choose a reason.' : undefined, note: note.trim() ? undefined : 'Write a note.' };
    setChecked(missing);
    if (missing.reason || missing.note) return;
    const outcome = await submit.run(clientId, { event, reason: spec.reasons ? reason : null, note: note.trim() });
    if (outcome.ok) onDone();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="standing-form">
      <Stack gap="sm">
        <Text size="sm">{spec.explain}</Text>
        {spec.reasons && (
          <Select
            label="Reason"
            withAsterisk
            data={spec.reasons.map((code) => ({ value: code, label: reasonLabel(code) }))}
            value={reason}
            onChange={(v) => {
              setReason(v);
              setChecked((c) => ({ ...c, reason: undefined }));
            }}
            error={checked.reason ?? submit.fieldErrors['reason']}
            data-testid="standing-reason"
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <NoteInput
          value={note}
          onChange={(v) => {
            setNote(v);
            setChecked((c) => ({ ...c, note: undefined }));
          }}
          error={checked.note ?? submit.fieldErrors['note']}
          testId="standing-note"
        />
        {submit.error && (
          <Alert color={submit.error.status === 409 ? 'orange' : 'red'} variant="light" icon={<IconAlertCircle size={18} />} title="Not done" data-testid="standing-error" data-code={submit.error.code}>
            {submit.error.message}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" color={spec.color} loading={submit.loading} data-testid="standing-submit">
            {spec.label}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
