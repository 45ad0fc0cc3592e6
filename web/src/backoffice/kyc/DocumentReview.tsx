import { Button, Group, Select, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../../api/backoffice';
import type { CaseDocument } from '../../api/types';
import { ActionError } from './ActionError';
import { DOCUMENT_REJECTION_REASONS } from './labels';
import { NoteInput } from './NoteInput';
import { useCaseAction } from './useCaseAction';

/** Accept or refuse one document; a refusal carries a reason, the words the client reads, and a note. */
export function DocumentReview({ doc, noteRequired, reload }: { doc: CaseDocument; noteRequired: boolean; reload: () => void }) {
  const [mode, setMode] = useState<'approve' | 'reject' | null>(null);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<string | null>(null);
  const [clientMessage, setClientMessage] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const submit = useCaseAction(backofficeApi.reviewDocument, reload, () => setMode(null));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (mode === 'reject') {
      if (!reason) problems.reason = 'Choose a reason.';
      if (!clientMessage.trim()) problems.clientMessage = 'Tell the client what is wrong and what to upload.';
    }
    if ((mode === 'reject' || noteRequired) && !note.trim()) problems.note = 'Write a note.';
    setChecked(problems);
    if (Object.keys(problems).length > 0) return;
    if (mode === 'approve') await submit.go(doc.id, { decision: 'approve', ...(note.trim() ? { note: note.trim() } : {}) });
    else if (mode === 'reject' && reason) await submit.go(doc.id, { decision: 'reject', reason, clientMessage: clientMessage.trim(), note: note.trim() });
  }

  if (mode === null) {
    return (
      <Group gap="xs">
        <Button size="compact-sm" color="green" variant="light" onClick={() => setMode('approve')} data-testid="document-approve">
          Accept document
        </Button>
        <Button size="compact-sm" color="red" variant="light" onClick={() => setMode('reject')} data-testid="document-reject">
          Refuse document
        </Button>
      </Group>
    );
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid={`document-${mode}-form`}>
      <Stack gap="xs">
        {mode === 'reject' && (
          <>
            <Select label="Reason" withAsterisk data={DOCUMENT_REJECTION_REASONS} value={reason} onChange={setReason} error={checked.reason} data-testid="document-reject-reason" />
            <Textarea
              label="Message to the client"
              description="Shown to the client in their next step, e.g. “The bottom of the page is cut off: upload the full page.”"
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              withAsterisk
              autosize
              minRows={2}
              maxLength={500}
              value={clientMessage}
              onChange={(e) => setClientMessage(e.currentTarget.value)}
              error={checked.clientMessage}
              data-testid="document-client-message-input"
            />
          </>
        )}
        <NoteInput value={note} onChange={setNote} error={checked.note} required={mode === 'reject' || noteRequired} testId="document-note" />
        <ActionError error={submit.error} onReload={reload} />
        <Group gap="xs">
          <Button type="submit" size="sm" color={mode === 'approve' ? 'green' : 'red'} loading={submit.loading} data-testid="document-review-submit">
            {mode === 'approve' ? 'Accept' : 'Refuse'}
          </Button>
          <Button size="sm" variant="default" onClick={() => setMode(null)}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
