import { Button, Card, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../../api/backoffice';
import type { KycCaseDetail } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { ActionError } from './ActionError';
import { useCaseAction } from './useCaseAction';

/** Internal notes on the case: staff only, append-only. */
export function CaseNotes({ detail, reload }: { detail: KycCaseDetail; reload: () => void }) {
  const [body, setBody] = useState('');
  const [checked, setChecked] = useState<string>();
  const submit = useCaseAction(backofficeApi.addCaseNote, reload, () => setBody(''));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!body.trim()) return setChecked('Write the note.');
    await submit.go(detail.case.id, body.trim());
  }

  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-notes">
      <Title order={2} size="h4" mb="sm">
        Internal notes
      </Title>
      <Stack gap="sm">
        {detail.notes.length === 0 && (
          <Text size="sm" c="dimmed">
            No notes yet.
          </Text>
        )}
        {detail.notes.map((note) => (
          <Stack key={note.id} gap={0} data-testid="case-note">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {note.body}
            </Text>
            <Text size="xs" c="dimmed">
              {note.author} · {formatDateTime(note.createdAt)}
            </Text>
          </Stack>
        ))}
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <Stack gap="xs">
            <Textarea
              aria-label="New internal note"
              placeholder="Add a note for colleagues (never shown to the client)"
              autosize
              minRows={2}
              maxLength={5000}
              value={body}
              onChange={(e) => {
                setBody(e.currentTarget.value);
                setChecked(undefined);
              }}
              error={checked}
              data-testid="note-body"
            />
            <ActionError error={submit.error} onReload={reload} />
            <Button type="submit" size="compact-sm" variant="light" w="fit-content" loading={submit.loading} data-testid="note-add">
              Add note
            </Button>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
