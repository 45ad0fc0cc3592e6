import { Badge, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import type { WithdrawalDetail, WithdrawalStepView } from '../../api/withdrawal-types';
import { formatDateTime, formatDuration, humanize } from '../../lib/format';
import { label } from '../kyc/labels';
import { DECLINE_REASON_LABELS, PAYOUT_STATUS_COLORS, STEP_EVENT_LABELS, WITHDRAWAL_STATUS_LABELS } from './withdrawal-labels';

function actorText(step: WithdrawalStepView): string {
  if (step.actorType === 'staff') return step.actorName ?? 'Staff';
  if (step.actorType === 'client') return 'The client';
  if (step.actorType === 'provider') return `Provider ${step.actorId}`;
  return 'System';
}

/** Working time spent in the stage the step left, against that stage's SLA target. */
function TimeInStage({ step }: { step: WithdrawalStepView }) {
  if (step.stageSla) {
    const { workingMs, allowedWorkingMs, breached } = step.stageSla;
    return (
      <Tooltip label={`Working time in the stage, against the ${humanize(step.stageSla.target)} target`} withArrow>
        <Group gap={6} wrap="nowrap" data-testid="step-sla" data-breached={breached}>
          <Text size="sm" style={{ whiteSpace: 'nowrap' }} c={breached ? 'red.7' : undefined} fw={breached ? 600 : undefined}>
            {formatDuration(workingMs)} of {formatDuration(allowedWorkingMs)}
          </Text>
          {breached && (
            <Badge size="xs" color="red" variant="light">
              Breached
            </Badge>
          )}
        </Group>
      </Tooltip>
    );
  }
  if (step.elapsedMs !== null) {
    return (
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {formatDuration(step.elapsedMs)}
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
}

/** Every step: who, when, what, the note and reason, and the time spent in the stage it left against the target. */
export function WithdrawalSteps({ detail }: { detail: WithdrawalDetail }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-history">
      <Title order={2} size="h4" mb="md">
        History
      </Title>
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Step</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Note and reason</Table.Th>
              <Table.Th style={{ whiteSpace: 'nowrap' }}>Time in stage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.steps.map((step, index) => (
              <Table.Tr key={index} data-testid="withdrawal-step" data-event={step.event}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatDateTime(step.at)}</Text>
                </Table.Td>
                <Table.Td miw={200}>
                  <Text size="sm" fw={600}>
                    {label(STEP_EVENT_LABELS, step.event)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {step.fromStatus ? `${label(WITHDRAWAL_STATUS_LABELS, step.fromStatus)} → ` : ''}
                    {label(WITHDRAWAL_STATUS_LABELS, step.toStatus)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-testid="step-actor">
                    {actorText(step)}
                  </Text>
                  {step.approvedStage && (
                    <Badge size="xs" variant="light" color="green">
                      Signed off {step.approvedStage}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td maw={360}>
                  <Stack gap={2}>
                    {step.reason && (
                      <Text size="sm" fw={500} data-testid="step-reason">
                        {step.event === 'decline' ? label(DECLINE_REASON_LABELS, step.reason) : step.reason}
                      </Text>
                    )}
                    {step.note ? (
                      <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="step-note">
                        {step.note}
                      </Text>
                    ) : (
                      !step.reason && (
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      )
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <TimeInStage step={step} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

/** Each payout attempt: through the provider API or manual, its status, the provider's id and why it failed or came back. */
export function WithdrawalPayouts({ detail }: { detail: WithdrawalDetail }) {
  const { payouts } = detail;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-payouts">
      <Title order={2} size="h4" mb="md">
        Payout attempts
      </Title>
      {payouts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No payout yet: it starts when the last stage approves.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Attempt</Table.Th>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Provider id</Table.Th>
                <Table.Th>Failure or return</Table.Th>
                <Table.Th>Updated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payouts.map((payout) => (
                <Table.Tr key={payout.id} data-testid="payout" data-payout-id={payout.id} data-status={payout.status}>
                  <Table.Td>
                    <Text size="sm">#{payout.attempt}</Text>
                    <Text size="xs" c="dimmed">
                      {payout.providerId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {payout.channel === 'api' ? 'Provider API' : 'Manual'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={PAYOUT_STATUS_COLORS[payout.status] ?? 'gray'} style={{ minWidth: 'max-content' }} data-testid="payout-status">
                      {humanize(payout.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {payout.providerPayoutId ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={240}>
                    <Text size="sm" c={payout.failureReason ? 'orange.8' : 'dimmed'} style={{ overflowWrap: 'anywhere' }} data-testid="payout-failure">
                      {payout.failureReason ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm">{formatDateTime(payout.updatedAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
