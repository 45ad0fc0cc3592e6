import { Button, Group, MultiSelect, Paper, Select, Stack, Text, Textarea, TextInput, ActionIcon } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../../api/backoffice';
import type { KycCaseDetail, RequestedDocuments } from '../../api/types';
import { useLoad } from '../../hooks/useLoad';
import { ActionError } from './ActionError';
import { documentTypeNamer } from './labels';
import { NoteInput } from './NoteInput';
import { useCaseAction } from './useCaseAction';

export interface FormProps {
  detail: KycCaseDetail;
  reload: () => void;
  onDone: () => void;
  onCancel: () => void;
}

function Buttons({ label, color, loading, onCancel, testId }: { label: string; color?: string; loading: boolean; onCancel: () => void; testId: string }) {
  return (
    <Group gap="xs">
      <Button type="submit" color={color} loading={loading} data-testid={`${testId}-submit`}>
        {label}
      </Button>
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
    </Group>
  );
}

export function ApproveForm({ detail, reload, onDone, onCancel }: FormProps) {
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string>();
  const submit = useCaseAction(backofficeApi.decideCase, reload, onDone);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!note.trim()) return setNoteError('Write a note.');
    await submit.go(detail.case.id, { decision: 'approve', note: note.trim(), expectedVersion: detail.case.version });
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="approve-form">
      <Stack gap="sm">
        <Text size="sm">Approving verifies the client and accepts the documents still waiting for review.</Text>
        <NoteInput value={note} onChange={(v) => { setNote(v); setNoteError(undefined); }} error={noteError} />
        <ActionError error={submit.error} onReload={reload} />
        <Buttons label="Approve" color="green" loading={submit.loading} onCancel={onCancel} testId="approve-form" />
      </Stack>
    </form>
  );
}

export function RejectForm({ detail, reload, onDone, onCancel }: FormProps) {
  const [reason, setReason] = useState<string | null>(null);
  const [clientMessage, setClientMessage] = useState('');
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const submit = useCaseAction(backofficeApi.decideCase, reload, onDone);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!reason) problems.reason = 'Choose a reason.';
    if (!note.trim()) problems.note = 'Write a note.';
    setChecked(problems);
    if (Object.keys(problems).length > 0 || !reason) return;
    await submit.go(detail.case.id, {
      decision: 'reject',
      reason,
      ...(clientMessage.trim() ? { clientMessage: clientMessage.trim() } : {}),
      note: note.trim(),
      expectedVersion: detail.case.version,
    });
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="reject-form">
      <Stack gap="sm">
        <Select
          label="Reason"
          description="From the configured list; the client sees its wording."
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          withAsterisk
          data={detail.rejectionReasons.map((r) => ({ value: r.code, label: r.label }))}
          value={reason}
          onChange={setReason}
          error={checked.reason ?? submit.fieldErrors['reason']}
          data-testid="reject-reason"
        />
        <Textarea label="Message to the client" description="Optional. Shown to the client after the reason." inputWrapperOrder={['label', 'input', 'description', 'error']} autosize minRows={2} maxLength={500} value={clientMessage} onChange={(e) => setClientMessage(e.currentTarget.value)} />
        <NoteInput value={note} onChange={setNote} error={checked.note} />
        <ActionError error={submit.error} onReload={reload} />
        <Buttons label="Reject application" color="red" loading={submit.loading} onCancel={onCancel} testId="reject-form" />
      </Stack>
    </form>
  );
}

/**
 * What compliance may ask for, grouped for the picker: the entity's required documents under their labels, then any
 * other configured document type (e.g. source-of-funds evidence). Each type appears once.
 */
function requestableDocuments(detail: KycCaseDetail): { group: string; items: { value: string; label: string }[] }[] {
  const name = documentTypeNamer(detail.documentTypes);
  const seen = new Set<string>();
  const groups = detail.requiredDocuments.map((group) => {
    const ids = group.anyOf.filter((id) => !seen.has(id));
    ids.forEach((id) => seen.add(id));
    return { group: group.label, items: ids.map((id) => ({ value: id, label: name(id) })) };
  });
  const others = detail.documentTypes.filter((type) => !seen.has(type.id)).map((type) => ({ value: type.id, label: type.name }));
  return [...groups, ...(others.length > 0 ? [{ group: 'Other documents', items: others }] : [])].filter((group) => group.items.length > 0);
}

interface RequestRow {
  documentTypes: string[];
  reason: string;
}

/** Which documents, and why, in words the client reads as their next step. */
export function RequestDocumentsForm({ detail, reload, onDone, onCancel }: FormProps) {
  const [rows, setRows] = useState<RequestRow[]>([{ documentTypes: [], reason: '' }]);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const submit = useCaseAction(backofficeApi.decideCase, reload, onDone);
  const groups = requestableDocuments(detail);
  const setRow = (index: number, row: RequestRow) => setRows((current) => current.map((r, i) => (i === index ? row : r)));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    rows.forEach((row, i) => {
      if (row.documentTypes.length === 0) problems[`${i}.documentTypes`] = 'Choose at least one document.';
      if (!row.reason.trim()) problems[`${i}.reason`] = 'Say why: the client reads this.';
    });
    if (!note.trim()) problems.note = 'Write a note.';
    setChecked(problems);
    if (Object.keys(problems).length > 0) return;
    const documents: RequestedDocuments[] = rows.map((row) => ({ documentTypes: row.documentTypes, reason: row.reason.trim() }));
    await submit.go(detail.case.id, { decision: 'request_documents', documents, note: note.trim(), expectedVersion: detail.case.version });
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="request-documents-form">
      <Stack gap="sm">
        {rows.map((row, index) => (
          <Paper key={index} withBorder p="sm" radius="md" data-testid="request-row">
            <Stack gap="xs">
              <Group justify="space-between" align="flex-end" wrap="nowrap">
                <MultiSelect
                  label="Documents"
                  description="The client may upload any one of them."
                  inputWrapperOrder={['label', 'input', 'description', 'error']}
                  withAsterisk
                  searchable
                  data={groups}
                  value={row.documentTypes}
                  onChange={(documentTypes) => setRow(index, { ...row, documentTypes })}
                  error={checked[`${index}.documentTypes`]}
                  style={{ flex: 1 }}
                  data-testid="request-types"
                />
                {rows.length > 1 && (
                  <ActionIcon variant="subtle" color="red" aria-label="Remove this request" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <TextInput
                label="Reason for the client"
                description="Shown to the client as their next step, word for word."
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                withAsterisk
                maxLength={500}
                value={row.reason}
                onChange={(e) => setRow(index, { ...row, reason: e.currentTarget.value })}
                error={checked[`${index}.reason`]}
                data-testid="request-reason"
              />
            </Stack>
          </Paper>
        ))}
        {rows.length < 10 && (
          <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => setRows([...rows, { documentTypes: [], reason: '' }])}>
            Ask for another document
          </Button>
        )}
        <NoteInput value={note} onChange={setNote} error={checked.note} />
        <ActionError error={submit.error} onReload={reload} />
        <Buttons label="Request documents" color="orange" loading={submit.loading} onCancel={onCancel} testId="request-documents-form" />
      </Stack>
    </form>
  );
}

/** Supervisor: give the case to a compliance or supervisor colleague. */
export function AssignForm({ detail, reload, onDone, onCancel }: FormProps) {
  const staff = useLoad((signal) => backofficeApi.staff(signal), []);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [checked, setChecked] = useState<Record<string, string>>({});
  const submit = useCaseAction(backofficeApi.assignCase, reload, onDone);
  const options = (staff.data?.items ?? [])
    .filter((member) => member.active && member.roles.some((role) => role === 'compliance' || role === 'supervisor'))
    .map((member) => ({ value: member.id, label: `${member.displayName} (${member.roles.join(', ')})` }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!assigneeId) problems.assignee = 'Choose who takes the case.';
    if (!note.trim()) problems.note = 'Write a note.';
    setChecked(problems);
    if (Object.keys(problems).length > 0 || !assigneeId) return;
    await submit.go(detail.case.id, assigneeId, note.trim());
  }
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="assign-form">
      <Stack gap="sm">
        <Select label="Assign to" withAsterisk searchable data={options} value={assigneeId} onChange={setAssigneeId} error={checked.assignee ?? staff.error?.message} disabled={staff.loading} />
        <NoteInput value={note} onChange={setNote} error={checked.note} />
        <ActionError error={submit.error} onReload={reload} />
        <Buttons label="Assign" loading={submit.loading} onCancel={onCancel} testId="assign-form" />
      </Stack>
    </form>
  );
}
