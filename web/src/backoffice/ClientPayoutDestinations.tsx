import { Alert, Button, Card, Center, Group, Loader, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconPencil } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation } from 'react-router-dom';
import type { ApiError } from '../api/client';
import type { StaffPayoutDestination } from '../api/withdrawal-types';
import { backofficeWithdrawalApi } from '../api/withdrawals';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { formatDateTime } from '../lib/format';
import { DETAIL_FIELDS, detailsOf } from '../lib/payout-destinations';
import { label } from './kyc/labels';
import { NoteInput } from './kyc/NoteInput';
import { DESTINATION_KIND_LABELS, withdrawalActionErrorMessage } from './payments/withdrawal-labels';
import { DestinationBadges, DETAIL_LABELS, DetailList } from './payments/WithdrawalDestination';

type Mode = { kind: 'edit' | 'verify'; destination: StaffPayoutDestination } | null;

/**
 * The client's payout destinations with their name-match flags (`payout_destination.view`).
 * Finance (`payout_destination.edit`) may correct one or mark its proof checked, always with a note;
 * staff never change them quietly (the audit keeps old and new details).
 */
export function ClientPayoutDestinations({ clientId, canEdit }: { clientId: string; canEdit: boolean }) {
  const { data, error, loading, reload } = useLoad((signal) => backofficeWithdrawalApi.clientDestinations(clientId, signal), [clientId]);
  const [mode, setMode] = useState<Mode>(null);
  const items = data?.items;
  const card = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();
  const loaded = items !== undefined;

  // Linked from a withdrawal (`#payout-destinations`): shown once it is loaded, below the record and the wallet.
  useEffect(() => {
    if (loaded && hash === '#payout-destinations') card.current?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);

  return (
    <Card ref={card} withBorder radius="md" padding="lg" id="payout-destinations" style={{ scrollMarginTop: 72 }} data-testid="client-payout-destinations" aria-busy={loading}>
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Payout destinations
        </Title>
        <Button variant="subtle" size="compact-sm" onClick={reload} loading={loading && data !== undefined}>
          Refresh
        </Button>
      </Group>
      {error && (
        <Alert color="red" variant="light" mb="md" title="Could not load the payout destinations">
          {error.message}
        </Alert>
      )}
      {!items ? (
        !error && (
          <Center h={60}>
            <Loader size="sm" aria-label="Loading the payout destinations" />
          </Center>
        )
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="client-destinations-empty">
          The client has added no payout destination. Card withdrawals need none.
        </Text>
      ) : (
        <Stack gap={0}>
          {items.map((destination) => (
            <DestinationItem key={destination.id} destination={destination} canEdit={canEdit} onEdit={setMode} />
          ))}
        </Stack>
      )}
      <Modal
        opened={mode !== null}
        onClose={() => setMode(null)}
        title={<Text fw={700}>{mode?.kind === 'verify' ? 'Mark the proof checked' : 'Edit the payout destination'}</Text>}
        size="lg"
      >
        {mode && (
          <EditForm
            key={`${mode.kind}-${mode.destination.id}-${mode.destination.version}`}
            mode={mode.kind}
            destination={mode.destination}
            onDone={() => {
              setMode(null);
              reload();
            }}
            onCancel={() => setMode(null)}
          />
        )}
      </Modal>
    </Card>
  );
}

function DestinationItem({ destination, canEdit, onEdit }: { destination: StaffPayoutDestination; canEdit: boolean; onEdit: (mode: Mode) => void }) {
  const removed = destination.status === 'removed';
  return (
    <Stack gap={6} py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)', opacity: removed ? 0.6 : 1 }} data-testid="client-destination" data-destination-id={destination.id}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {destination.label}
          </Text>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {label(DESTINATION_KIND_LABELS, destination.kind)} · holder <b>{destination.holderName}</b> · added {formatDateTime(destination.createdAt)}
            {destination.createdBy.startsWith('client:') ? ' by the client' : ''}
          </Text>
        </div>
        {canEdit && !removed && (
          <Group gap="xs">
            {destination.status === 'unverified' && (
              <Button size="compact-sm" color="green" variant="light" leftSection={<IconCircleCheck size={14} />} onClick={() => onEdit({ kind: 'verify', destination })} data-testid="destination-verify">
                Mark proof checked
              </Button>
            )}
            <Button size="compact-sm" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit({ kind: 'edit', destination })} data-testid="destination-edit">
              Edit
            </Button>
          </Group>
        )}
      </Group>
      <DestinationBadges destination={destination} />
      <DetailList details={destination.details} />
    </Stack>
  );
}

function EditForm({ mode, destination, onDone, onCancel }: { mode: 'edit' | 'verify'; destination: StaffPayoutDestination; onDone: () => void; onCancel: () => void }) {
  const [holderName, setHolderName] = useState(destination.holderName);
  const [values, setValues] = useState<Record<string, string>>({ ...destination.details });
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const submit = useSubmit(backofficeWithdrawalApi.editDestination);
  const fields = DETAIL_FIELDS[destination.kind];
  const fieldErrors = submit.error?.fields ?? {};

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!note.trim()) return setNoteError(mode === 'verify' ? 'Write a note: which proof you checked.' : 'Write a note: why the destination changes.');
    const result = await submit.run(
      destination.id,
      mode === 'verify'
        ? { note: note.trim(), markVerified: true, expectedVersion: destination.version }
        : { note: note.trim(), holderName: holderName.trim(), details: detailsOf(destination.kind, values), expectedVersion: destination.version },
    );
    if (result.ok) onDone();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="destination-edit-form" data-mode={mode}>
      <Stack gap="sm">
        {mode === 'verify' ? (
          <Text size="sm">
            You checked a proof that <b>{destination.label}</b> belongs to <b>{destination.holderName}</b> (a bank statement, a wallet screenshot): the destination becomes usable for payouts.
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              The old and new details go to the audit trail with your note. Withdrawals already requested keep the details they were requested with.
            </Text>
            <TextInput label="Holder name" withAsterisk maxLength={200} value={holderName} onChange={(e) => setHolderName(e.currentTarget.value)} error={fieldErrors['holderName']} data-testid="edit-holderName" />
            {fields.map((field) => (
              <TextInput
                key={field}
                label={label(DETAIL_LABELS, field)}
                maxLength={256}
                ff={field === 'address' || field === 'iban' ? 'monospace' : undefined}
                value={values[field] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setValues((current) => ({ ...current, [field]: value }));
                }}
                error={fieldErrors[field]}
                data-testid={`edit-${field}`}
              />
            ))}
          </>
        )}
        <NoteInput
          value={note}
          onChange={(value) => {
            setNote(value);
            setNoteError(undefined);
          }}
          error={noteError ?? fieldErrors['note']}
          testId="edit-note"
        />
        <EditError error={submit.error} placed={mode === 'edit' ? ['holderName', 'note', ...fields] : ['note']} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color={mode === 'verify' ? 'green' : undefined} loading={submit.loading} data-testid="edit-submit">
            {mode === 'verify' ? 'Mark proof checked' : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditError({ error, placed }: { error: ApiError | null; placed: readonly string[] }) {
  if (!error) return null;
  const fields = Object.keys(error.fields);
  if (fields.length > 0 && fields.every((field) => placed.includes(field))) return null;
  return (
    <Alert color={error.status === 409 ? 'orange' : 'red'} variant="light" icon={<IconAlertCircle size={18} />} data-testid="edit-error" data-code={error.code}>
      {withdrawalActionErrorMessage(error)}
    </Alert>
  );
}
