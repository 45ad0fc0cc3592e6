import { Alert, Button, Card, Divider, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import { useCallback, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { StaffWithdrawalEvent, WithdrawalDetail } from '../../api/withdrawal-types';
import { backofficeWithdrawalApi } from '../../api/withdrawals';
import { tOptional } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';
import { NoteInput } from '../kyc/NoteInput';
import { useCaseAction } from '../kyc/useCaseAction';
import { useStaffSession } from '../session';
import {
  DECLINE_REASON_LABELS,
  DECLINE_REASONS,
  eventsOpenTo,
  fourEyesConflict,
  noteRequired,
  PAYOUT_EVENTS,
  reasonRequired,
  STAGE_LABELS,
  withdrawalActionErrorMessage,
} from './withdrawal-labels';

interface ButtonDef {
  label: string;
  color?: string;
  variant?: string;
  submit: string;
}

const BUTTONS: Record<StaffWithdrawalEvent, ButtonDef> = {
  start_review: { label: 'Start review', submit: 'Start review' },
  support_approve: { label: 'Approve: request complete', color: 'green', submit: 'Approve and send to compliance' },
  compliance_approve: { label: 'Approve: KYC and AML clear', color: 'green', submit: 'Approve and send to finance' },
  finance_approve: { label: 'Approve and pay', color: 'green', submit: 'Approve and send for payout' },
  finance_refer: { label: 'Approve and refer to a supervisor', color: 'grape', variant: 'light', submit: 'Approve and refer' },
  supervisor_approve: { label: 'Approve and pay', color: 'green', submit: 'Approve and send for payout' },
  return_to_support: { label: 'Return to support', variant: 'default', submit: 'Return to support' },
  return_to_compliance: { label: 'Return to compliance', variant: 'default', submit: 'Return to compliance' },
  return_to_finance: { label: 'Return to finance', variant: 'default', submit: 'Return to finance' },
  escalate: { label: 'Escalate', color: 'grape', variant: 'light', submit: 'Escalate to a supervisor' },
  decline: { label: 'Decline', color: 'red', variant: 'light', submit: 'Decline and release the hold' },
  confirm_paid: { label: 'Record as paid', color: 'green', variant: 'light', submit: 'Record as paid' },
  payout_failed: { label: 'Record payout failed', color: 'orange', variant: 'light', submit: 'Record the failure' },
  payout_returned: { label: 'Record payout returned', color: 'orange', variant: 'light', submit: 'Record the return' },
};

const PAYING: ReadonlySet<StaffWithdrawalEvent> = new Set(['finance_approve', 'finance_refer', 'supervisor_approve']);

/** What the action does, in one or two sentences, shown above its form. */
function explain(event: StaffWithdrawalEvent, detail: WithdrawalDetail): string {
  const w = detail.withdrawal;
  const amount = formatStaffMoney(w.amountMinor, w.currency);
  switch (event) {
    case 'start_review':
      return 'Takes the request: it is assigned to you and the client can no longer cancel it.';
    case 'support_approve':
      return 'The request is complete and the account notes are clear: it goes to compliance.';
    case 'compliance_approve':
      return 'KYC is valid, no AML alert, the source of funds is plausible: it goes to finance.';
    case 'finance_approve':
    case 'supervisor_approve':
      return `Sends ${amount} for payout by ${w.providerId} to ${w.destination.label}. The hold is settled when the provider confirms the payment.`;
    case 'finance_refer':
      return 'Signs off the finance stage; a supervisor approves the payout.';
    case 'return_to_support':
    case 'return_to_compliance':
    case 'return_to_finance':
      return 'The escalation goes back to that stage, whose reviewers act on it again.';
    case 'escalate':
      return 'A supervisor looks at it, then returns it to this stage or an earlier one, or declines it.';
    case 'decline':
      return `Releases the hold: ${amount} goes back to the client's available balance. The client sees the reason in the words shown, never the note.`;
    case 'confirm_paid':
      return 'For a payout made outside the provider API, or confirmed by the provider some other way: the hold is settled. Put the bank reference in the note.';
    case 'payout_failed':
      return 'The money never left: the hold stays in place and the withdrawal goes back to finance to re-route or decline.';
    case 'payout_returned':
      return 'The money came back after it was paid (a returned wire): it is put on hold again and the withdrawal goes back to finance.';
  }
}

/**
 * The actions this staff member may take now: the current state's events
 * whose firers include one of their roles (mirrored from the machine). Rules
 * the history shows (four eyes, the supervisor step, an unchecked destination)
 * are explained beside the form; the server decides and its refusal is shown
 * as it comes. Every action sends the version seen, so a withdrawal that
 * changed meanwhile is refused, not overwritten.
 */
export function WithdrawalActions({ detail, reload }: { detail: WithdrawalDetail; reload: () => void }) {
  const { staff } = useStaffSession();
  const w = detail.withdrawal;
  const [mode, setMode] = useState<StaffWithdrawalEvent | null>(null);
  const close = useCallback(() => setMode(null), []);
  const events = eventsOpenTo(staff.roles, w.status, w.escalatedFrom);
  const stageEvents = events.filter((e) => !PAYOUT_EVENTS.has(e));
  const payoutEvents = events.filter((e) => PAYOUT_EVENTS.has(e));
  const quick = useCaseAction(backofficeWithdrawalApi.act, reload);
  const supervisorStep = w.stages.includes('supervisor');

  function onClick(event: StaffWithdrawalEvent) {
    quick.setError(null);
    if (event === 'start_review') {
      setMode(null);
      void quick.go(w.id, { event, expectedVersion: w.version });
      return;
    }
    setMode(mode === event ? null : event);
  }

  const button = (event: StaffWithdrawalEvent) => {
    const def = BUTTONS[event];
    const blocked = event === 'finance_approve' && supervisorStep;
    return (
      <Button
        key={event}
        color={def.color}
        variant={mode === event ? 'filled' : (def.variant ?? 'filled')}
        disabled={blocked}
        loading={event === 'start_review' && quick.loading}
        onClick={() => onClick(event)}
        title={blocked ? 'This withdrawal needs a supervisor’s approval: refer it to a supervisor' : undefined}
        data-testid={`action-${event}`}
      >
        {def.label}
      </Button>
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-actions">
      <Title order={2} size="h4" mb="sm">
        Actions
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-actions">
          {noActionText(detail, staff.roles)}
        </Text>
      ) : (
        <Stack gap="md">
          {stageEvents.length > 0 && <Group gap="xs">{stageEvents.map(button)}</Group>}
          {stageEvents.includes('finance_approve') && supervisorStep && (
            <Text size="xs" c="grape.8" data-testid="supervisor-required">
              The review rules add a supervisor step to this withdrawal: approve it by referring it to a supervisor.
            </Text>
          )}
          {payoutEvents.length > 0 && (
            <>
              {stageEvents.length > 0 && <Divider />}
              <PayoutNote detail={detail} />
              <Group gap="xs">{payoutEvents.map(button)}</Group>
            </>
          )}
          <ActionError error={quick.error} onReload={reload} />
          {mode && <ActionForm key={mode} event={mode} detail={detail} reload={reload} onDone={close} onCancel={close} />}
        </Stack>
      )}
    </Card>
  );
}

function noActionText(detail: WithdrawalDetail, roles: readonly string[]): string {
  const { status } = detail.withdrawal;
  if (status === 'paid') return roles.includes('finance') ? 'Paid. If the provider reports the payout returned, it comes back to finance.' : 'Paid.';
  if (status === 'declined' || status === 'cancelled') return 'Closed: nothing more can happen to this withdrawal.';
  if (status === 'payout_pending') return 'Waiting for the provider to pay it out; finance records the outcome if the provider does not.';
  if (status === 'escalated') return 'Escalated: a supervisor returns it to a stage or declines it.';
  return 'This stage belongs to another role: you can view it only.';
}

/** While a payout is with the provider's API, its callback records the outcome; finance records it only when confirmed another way. */
function PayoutNote({ detail }: { detail: WithdrawalDetail }) {
  const latest = detail.payouts.at(-1);
  if (!latest) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="payout-note">
      {latest.channel === 'api'
        ? `Attempt ${latest.attempt} went to ${latest.providerId} through its payout API (${latest.status}); its callback records the outcome. Record it here only when the provider confirmed it some other way.`
        : `Attempt ${latest.attempt} is a manual payout: pay it through ${latest.providerId}, then record the outcome here.`}
    </Text>
  );
}

function ActionForm({ event, detail, reload, onDone, onCancel }: { event: StaffWithdrawalEvent; detail: WithdrawalDetail; reload: () => void; onDone: () => void; onCancel: () => void }) {
  const { staff } = useStaffSession();
  const w = detail.withdrawal;
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ note?: string; reason?: string }>({});
  const submit = useCaseAction(backofficeWithdrawalApi.act, reload, onDone);
  const needsNote = noteRequired(staff.roles, w.status, event);
  const needsReason = reasonRequired(event);
  const conflict = fourEyesConflict(detail.steps, staff.id, event);
  const destinationProblem = PAYING.has(event) ? destinationWarning(detail) : null;
  const def = BUTTONS[event];

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const problems = {
      ...(needsNote && !note.trim() ? { note: event === 'confirm_paid' ? 'Write the bank reference and a note.' : 'Write a note.' } : {}),
      ...(needsReason && !reason?.trim() ? { reason: event === 'decline' ? 'Choose a reason.' : 'Write the reason the provider gave.' } : {}),
    };
    setChecked(problems);
    if (Object.keys(problems).length > 0) return;
    await submit.go(w.id, {
      event,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(needsReason && reason ? { reason: reason.trim() } : {}),
      expectedVersion: w.version,
    });
  }

  const clientText = event === 'decline' && reason ? tOptional(`withdrawalReason.${reason}`) : undefined;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="action-form" data-event={event}>
      <Stack gap="sm">
        <Text size="sm">{explain(event, detail)}</Text>
        {conflict && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="four-eyes-warning">
            You approved the {STAGE_LABELS[conflict].toLowerCase()} stage of this withdrawal: another person must approve this stage (four eyes). The server refuses it.
          </Alert>
        )}
        {destinationProblem && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="destination-warning">
            {destinationProblem}
          </Alert>
        )}
        {event === 'decline' && (
          <Select
            label="Reason"
            withAsterisk
            placeholder="Choose the reason"
            data={DECLINE_REASONS.map((code) => ({ value: code, label: DECLINE_REASON_LABELS[code] }))}
            value={reason}
            onChange={(value) => {
              setReason(value);
              setChecked((c) => ({ ...c, reason: undefined }));
            }}
            description={clientText ? `The client reads: “${clientText}”` : 'The client reads the reason in their own words, never the note.'}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            error={checked.reason ?? submit.fieldErrors['reason']}
            comboboxProps={{ withinPortal: true }}
            data-testid="action-reason"
          />
        )}
        {needsReason && event !== 'decline' && (
          <TextInput
            label="Reason given by the provider or the bank"
            withAsterisk
            placeholder={event === 'payout_returned' ? 'e.g. Beneficiary account closed' : 'e.g. Invalid beneficiary account'}
            maxLength={200}
            value={reason ?? ''}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setChecked((c) => ({ ...c, reason: undefined }));
            }}
            error={checked.reason ?? submit.fieldErrors['reason']}
            data-testid="action-reason"
          />
        )}
        <NoteInput
          value={note}
          onChange={(value) => {
            setNote(value);
            setChecked((c) => ({ ...c, note: undefined }));
          }}
          label={event === 'confirm_paid' ? 'Bank reference and note' : 'Internal note'}
          required={needsNote}
          error={checked.note ?? submit.fieldErrors['note']}
        />
        <ActionError error={submit.error} onReload={reload} />
        <Group gap="xs">
          <Button type="submit" color={def.color} loading={submit.loading} data-testid="action-submit">
            {def.submit}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Finance and the supervisor sign off payment only to a destination money may go to now (the server refuses otherwise). */
function destinationWarning(detail: WithdrawalDetail): string | null {
  const d = detail.destination;
  if (!d) return null;
  if (d.status === 'unverified') return "The destination's proof has not been checked: mark it checked on the client's record first, or the server refuses.";
  if (d.status === 'removed') return 'The client removed this destination: decline and ask the client for a new request.';
  if (new Date(d.usableFrom).getTime() > Date.now()) return `The destination is in its waiting period until ${formatDateTime(d.usableFrom)}.`;
  return null;
}

/** A refused action in plain words (the server's message for a rule such as four eyes); a changed withdrawal offers to reload. */
function ActionError({ error, onReload }: { error: ApiError | null; onReload: () => void }) {
  if (!error) return null;
  const stale = error.code === 'stale_version' || error.code === 'illegal_transition';
  return (
    <Alert
      color={error.status === 409 ? 'orange' : 'red'}
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={stale ? 'Not done: the withdrawal changed' : error.status === 403 ? 'Not allowed' : 'Not done'}
      data-testid="action-error"
      data-code={error.code}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{withdrawalActionErrorMessage(error)}</Text>
        {stale && (
          <Button size="compact-sm" variant="white" color="orange" onClick={onReload} data-testid="action-error-reload">
            Reload the withdrawal
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
