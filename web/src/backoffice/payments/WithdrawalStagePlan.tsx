import { Card, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowUpRight, IconX } from '@tabler/icons-react';
import type { WithdrawalDetail, WithdrawalStage, WithdrawalStatus, WithdrawalStepView } from '../../api/withdrawal-types';
import { formatDateTime, formatDuration } from '../../lib/format';
import { STAGE_LABELS } from './withdrawal-labels';

type PlanStage = WithdrawalStage | 'payout';

const STAGE_OF_STATE: Partial<Record<WithdrawalStatus, PlanStage>> = {
  submitted: 'support',
  support_review: 'support',
  compliance_review: 'compliance',
  finance_review: 'finance',
  supervisor_review: 'supervisor',
  payout_pending: 'payout',
};

/** Where a closed withdrawal stopped: the stage of the state it was declined or cancelled from. */
function stoppedAt(steps: readonly WithdrawalStepView[], status: WithdrawalStatus): PlanStage | null {
  const last = [...steps].reverse().find((step) => step.toStatus === status);
  const from = last?.fromStatus;
  if (!from) return null;
  return STAGE_OF_STATE[from] ?? null;
}

/**
 * The stages this withdrawal must pass (fixed when it was requested: support,
 * compliance, finance, a supervisor when a rule fired), then the payout; who
 * approved each, and where it is now.
 */
export function WithdrawalStagePlan({ detail }: { detail: WithdrawalDetail }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const { withdrawal: w, steps } = detail;
  const plan: PlanStage[] = [...w.stages, 'payout'];
  const closed = w.status === 'declined' || w.status === 'cancelled';
  const current: PlanStage | null =
    w.status === 'escalated' ? (w.escalatedFrom ?? 'support') : closed ? stoppedAt(steps, w.status) : (STAGE_OF_STATE[w.status] ?? null);
  const active = w.status === 'paid' ? plan.length : current === null ? 0 : plan.indexOf(current);
  const approvals = new Map<string, WithdrawalStepView>();
  for (const step of steps) if (step.approvedStage) approvals.set(step.approvedStage, step);
  const paidStep = [...steps].reverse().find((step) => step.toStatus === 'paid');

  function description(stage: PlanStage, index: number): string {
    if (index === active && w.status !== 'paid') {
      if (w.status === 'declined') return 'Declined here';
      if (w.status === 'cancelled') return 'Cancelled by the client';
      if (w.status === 'escalated') return 'Escalated to a supervisor';
      if (w.status === 'submitted') return 'Waiting for support to start';
      return `Now · ${formatDuration(Date.now() - new Date(w.stageEnteredAt).getTime())} in stage`;
    }
    if (stage === 'payout') {
      if (w.status === 'paid' && paidStep) return `Paid ${formatDateTime(paidStep.at)}`;
      const last = detail.payouts.at(-1);
      return last ? `Attempt ${last.attempt} ${last.status}` : 'After the last approval';
    }
    const approval = approvals.get(stage);
    if (approval && index < active) return `Approved by ${approval.actorName ?? 'staff'}`;
    return index < active ? 'Done' : 'To do';
  }

  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-stages">
      <Title order={2} size="h4" mb="md">
        Stages
      </Title>
      <Stepper active={active} orientation={phone ? 'vertical' : 'horizontal'} size="sm" wrap={false} allowNextStepsSelect={false}>
        {plan.map((stage, index) => {
          const stopped = closed && index === active;
          const escalated = w.status === 'escalated' && index === active;
          return (
            <Stepper.Step
              key={stage}
              label={STAGE_LABELS[stage]}
              description={
                <Text size="xs" c={stopped ? 'red.7' : escalated ? 'grape.7' : 'dimmed'} maw={phone ? undefined : 150} data-testid="stage-description">
                  {description(stage, index)}
                </Text>
              }
              color={stopped ? 'red' : escalated ? 'grape' : undefined}
              icon={stopped ? <IconX size={16} /> : escalated ? <IconArrowUpRight size={16} /> : undefined}
              progressIcon={stopped ? <IconX size={16} /> : escalated ? <IconArrowUpRight size={16} /> : undefined}
              data-testid="stage"
              data-stage={stage}
              data-state={index < active ? 'done' : index === active ? (stopped ? 'stopped' : 'current') : 'todo'}
            />
          );
        })}
      </Stepper>
    </Card>
  );
}
