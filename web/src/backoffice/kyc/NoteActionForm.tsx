import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ActionError } from './ActionError';
import { NoteInput } from './NoteInput';
import { useCaseAction } from './useCaseAction';

interface NoteActionFormProps {
  submitLabel: string;
  color?: string;
  noteRequired: boolean;
  action: (note: string) => Promise<unknown>;
  reload: () => void;
  onDone: () => void;
  onCancel: () => void;
  testId: string;
}

/** An action whose only input is the note: claim (supervisor), release, escalate, return to review. */
export function NoteActionForm({ submitLabel, color, noteRequired, action, reload, onDone, onCancel, testId }: NoteActionFormProps) {
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<string | undefined>();
  const submit = useCaseAction(action, reload, onDone);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (noteRequired && !note.trim()) return setChecked('Write a note.');
    await submit.go(note.trim());
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid={testId}>
      <Stack gap="sm">
        <NoteInput value={note} onChange={(v) => { setNote(v); setChecked(undefined); }} error={checked ?? submit.fieldErrors['note']} required={noteRequired} />
        <ActionError error={submit.error} onReload={reload} />
        <Group gap="xs">
          <Button type="submit" color={color} loading={submit.loading} data-testid={`${testId}-submit`}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
