/** Resolving a break or a platform exception: the form (a note is mandatory) and, once done, who resolved it, when and why. */
import { Alert, Button, Divider, Group, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { Staff } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { formatDateTime } from '../../lib/format';
import { NoteInput } from '../kyc/NoteInput';
import { actorWords, resolveErrorMessage } from './labels';

interface ResolveFormProps<R> {
  /** Sends the note; the server refuses an empty one (a mandatory note is a product rule, checked there). */
  resolve: (note: string) => Promise<R>;
  onResolved: (result: R) => void;
  onCancel: () => void;
  testId: string;
}

/** Resolve a break or a platform exception with a note: what was found and what was done (audited). */
export function ResolveForm<R>({ resolve, onResolved, onCancel, testId }: ResolveFormProps<R>) {
  const [note, setNote] = useState('');
  const submit = useSubmit(resolve);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const outcome = await submit.run(note.trim());
    if (outcome.ok) onResolved(outcome.value);
  }

  const noteError = submit.fieldErrors['note'];
  const otherError = submit.error && !noteError ? submit.error : null;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid={testId}>
      <Stack gap="sm">
        <NoteInput
          label="Resolution note"
          value={note}
          onChange={(value) => {
            setNote(value);
            if (submit.error) submit.setError(null);
          }}
          error={noteError}
          testId={`${testId}-note`}
        />
        {otherError && (
          <Alert color={otherError.status === 409 ? 'orange' : 'red'} variant="light" icon={<IconAlertCircle size={18} />} title="Not resolved" data-testid="resolve-error" data-code={otherError.code}>
            {resolveErrorMessage(otherError)}
          </Alert>
        )}
        <Group gap="xs">
          <Button type="submit" color="green" loading={submit.loading} data-testid={`${testId}-submit`}>
            Resolve
          </Button>
          <Button variant="default" onClick={onCancel} disabled={submit.loading}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Resolved by you on 3 May 2025, 10:12" and the note. */
export function ResolvedNote({ resolvedBy, resolvedByName, resolvedAt, note, staff }: { resolvedBy: string | null; resolvedByName?: string | null; resolvedAt: string | null; note: string | null; staff: Staff }) {
  return (
    <Stack gap={2} data-testid="resolution">
      <Text size="xs" c="dimmed">
        Resolved by {actorWords(resolvedBy, staff, resolvedByName)} on {formatDateTime(resolvedAt)}
      </Text>
      <Text size="sm" fs="italic" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="resolution-note">
        “{note}”
      </Text>
    </Stack>
  );
}

interface Resolvable {
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  resolvedByName?: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

/** The foot of a break or exception card: who resolved it and why, or the resolve form while finance is resolving it. */
export function ResolutionFooter<T extends Resolvable, R>({ item, staff, resolving, resolve, onResolved, onClose, testId }: {
  item: T;
  staff: Staff;
  resolving: boolean;
  resolve: (note: string) => Promise<R>;
  /** The server's answer; the caller merges it into the item. */
  onResolved: (result: R) => void;
  onClose: () => void;
  testId: string;
}) {
  if (item.status === 'resolved') {
    return (
      <>
        <Divider my="sm" />
        <ResolvedNote resolvedBy={item.resolvedBy} resolvedByName={item.resolvedByName} resolvedAt={item.resolvedAt} note={item.resolutionNote} staff={staff} />
      </>
    );
  }
  if (!resolving) return null;
  return (
    <>
      <Divider my="sm" />
      <ResolveForm
        resolve={resolve}
        onResolved={(result) => {
          onClose();
          onResolved(result);
        }}
        onCancel={onClose}
        testId={testId}
      />
    </>
  );
}
