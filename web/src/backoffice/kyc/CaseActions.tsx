import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { backofficeApi } from '../../api/backoffice';
import type { KycCaseDetail } from '../../api/types';
import { useStaffSession } from '../session';
import { ActionError } from './ActionError';
import { ApproveForm, AssignForm, RejectForm, RequestDocumentsForm } from './DecisionForms';
import { noteRequiredFor } from './labels';
import { NoteActionForm } from './NoteActionForm';
import { useCaseAction } from './useCaseAction';

/** The events the back office has a form for, in this order; others the server may allow (reopen, request update) have no screen yet. */
const BUTTONS: Record<string, { label: string; color?: string; variant?: string }> = {
  claim: { label: 'Claim' },
  assign: { label: 'Assign…', variant: 'default' },
  release: { label: 'Release', variant: 'default' },
  approve: { label: 'Approve', color: 'green' },
  reject: { label: 'Reject', color: 'red', variant: 'light' },
  request_documents: { label: 'Request documents', color: 'orange', variant: 'light' },
  escalate: { label: 'Escalate', color: 'grape', variant: 'light' },
  return_to_review: { label: 'Return to review', variant: 'default' },
};

/** Refused by the server to anyone but the assignee or a supervisor once the case is claimed. */
const ASSIGNEE_ONLY: ReadonlySet<string> = new Set(['approve', 'reject', 'request_documents', 'escalate', 'release']);

/**
 * What this reviewer can do with the case now: `case.allowedEvents` is already filtered by the server for this
 * staff member's roles; only the assignee rule (a claimed case is decided by its assignee or a supervisor) is
 * applied here. Each action reloads the case.
 */
export function CaseActions({ detail, reload }: { detail: KycCaseDetail; reload: () => void }) {
  const { staff } = useStaffSession();
  const [mode, setMode] = useState<string | null>(null);
  const close = useCallback(() => setMode(null), []);
  const kycCase = detail.case;
  const supervisor = staff.roles.includes('supervisor');
  const noteRequired = noteRequiredFor(staff);
  const assignedToOther = kycCase.status === 'under_review' && kycCase.assignee !== null && kycCase.assignee.id !== staff.id;
  const events = Object.keys(BUTTONS).filter(
    (event) => kycCase.allowedEvents.includes(event) && !(assignedToOther && !supervisor && ASSIGNEE_ONLY.has(event)),
  );
  const quickClaim = useCaseAction(backofficeApi.claimCase, reload);

  function onClick(event: string) {
    if (event === 'claim' && !noteRequired) {
      setMode(null);
      void quickClaim.go(kycCase.id);
      return;
    }
    setMode(mode === event ? null : event);
  }

  const props = { detail, reload, onDone: close, onCancel: close };
  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-actions">
      <Title order={2} size="h4" mb="sm">
        Actions
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-actions">
          {assignedToOther
            ? `Assigned to ${kycCase.assignee?.name ?? 'another reviewer'}: only they or a supervisor can act on it.`
            : kycCase.status === 'more_documents_required'
              ? 'Waiting for the client to upload the documents asked for.'
              : 'No action is open to you in this state.'}
        </Text>
      ) : (
        <Stack gap="md">
          <Group gap="xs">
            {events.map((event) => {
              const button = BUTTONS[event]!;
              return (
                <Button
                  key={event}
                  color={button.color}
                  variant={mode === event ? 'filled' : (button.variant ?? 'filled')}
                  loading={event === 'claim' && quickClaim.loading}
                  onClick={() => onClick(event)}
                  data-testid={`action-${event}`}
                >
                  {button.label}
                </Button>
              );
            })}
          </Group>
          <ActionError error={quickClaim.error} onReload={reload} />
          {mode === 'claim' && (
            <NoteActionForm submitLabel="Claim" noteRequired action={(note) => backofficeApi.claimCase(kycCase.id, note)} reload={reload} onDone={close} onCancel={close} testId="claim-form" />
          )}
          {mode === 'release' && (
            <NoteActionForm
              submitLabel="Release to the queue"
              noteRequired={noteRequired}
              action={(note) => backofficeApi.releaseCase(kycCase.id, note || undefined)}
              reload={reload}
              onDone={close}
              onCancel={close}
              testId="release-form"
            />
          )}
          {mode === 'escalate' && (
            <NoteActionForm submitLabel="Escalate to a supervisor" color="grape" noteRequired action={(note) => backofficeApi.escalateCase(kycCase.id, note)} reload={reload} onDone={close} onCancel={close} testId="escalate-form" />
          )}
          {mode === 'return_to_review' && (
            <NoteActionForm submitLabel="Return to review" noteRequired action={(note) => backofficeApi.returnCaseToReview(kycCase.id, note)} reload={reload} onDone={close} onCancel={close} testId="return-form" />
          )}
          {mode === 'assign' && <AssignForm {...props} />}
          {mode === 'approve' && <ApproveForm {...props} />}
          {mode === 'reject' && <RejectForm {...props} />}
          {mode === 'request_documents' && <RequestDocumentsForm {...props} />}
        </Stack>
      )}
    </Card>
  );
}
