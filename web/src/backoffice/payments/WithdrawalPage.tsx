import { Alert, Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import type { WithdrawalDetail } from '../../api/withdrawal-types';
import { backofficeWithdrawalApi } from '../../api/withdrawals';
import { LoadingScreen } from '../../components/LoadingScreen';
import { useLoad } from '../../hooks/useLoad';
import { tOptional } from '../../i18n';
import { formatDateTime, humanize, riskColor } from '../../lib/format';
import { formatStaffMoney, isZero } from '../../lib/money';
import { label } from '../kyc/labels';
import { SlaTimer } from '../kyc/SlaTimer';
import { METHOD_KIND_LABELS } from './labels';
import { WithdrawalActions } from './WithdrawalActions';
import { WithdrawalDestination } from './WithdrawalDestination';
import {
  CLIENT_WITHDRAWAL_STATUS_LABELS,
  DECLINE_REASON_LABELS,
  REVIEW_REASON_LABELS,
  shortWithdrawalId,
  STAGE_LABELS,
  SUPERVISOR_REASONS,
  WITHDRAWAL_STATUS_LABELS,
  withdrawalStatusColor,
} from './withdrawal-labels';
import { WithdrawalStagePlan } from './WithdrawalStagePlan';
import { WithdrawalPayouts, WithdrawalSteps } from './WithdrawalSteps';
import { LabeledValue } from '../../components/LabeledValue';

/** `/backoffice/payments/withdrawals/:id`: one withdrawal, its stages, destination, payouts and history, and what this user may do now. */
export function WithdrawalPage() {
  const { id = '' } = useParams();
  const { data, error, reload } = useLoad((signal) => backofficeWithdrawalApi.withdrawal(id, signal), [id]);

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/backoffice/payments/withdrawals" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          Withdrawals
        </Group>
      </Anchor>
      {error && !data ? (
        <Alert color="red" variant="light" title={error.status === 404 ? 'Withdrawal not found' : error.status === 403 ? 'Not allowed' : 'Could not load the withdrawal'}>
          {error.message}
        </Alert>
      ) : !data || data.withdrawal.id !== id ? (
        <LoadingScreen />
      ) : (
        <>
          {error && (
            <Alert color="red" variant="light" title="Could not reload the withdrawal">
              {error.message}
            </Alert>
          )}
          <WithdrawalHeader detail={data} />
          <StateNotice detail={data} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="md">
                <WithdrawalActions key={`${data.withdrawal.status}-${data.withdrawal.version}`} detail={data} reload={reload} />
                <WithdrawalStagePlan detail={data} />
                <ReviewReasons detail={data} />
                <WithdrawalPayouts detail={data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <ClientBalance detail={data} />
                <WithdrawalDestination detail={data} />
              </Stack>
            </Grid.Col>
          </Grid>
          <WithdrawalSteps detail={data} />
        </>
      )}
    </Stack>
  );
}


function WithdrawalHeader({ detail }: { detail: WithdrawalDetail }) {
  const { withdrawal: w, client } = detail;
  const name = w.clientName.trim() || w.clientEmail;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-header">
      <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="md">
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="withdrawal-amount" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatStaffMoney(w.amountMinor, w.currency)}
            </Title>
            <Badge size="lg" variant="filled" color={withdrawalStatusColor(w.status)} data-testid="withdrawal-status" data-status={w.status}>
              {label(WITHDRAWAL_STATUS_LABELS, w.status)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(w.clientId)}`} size="sm" fw={600} data-testid="withdrawal-client">
              {name}
            </Anchor>{' '}
            · {w.clientEmail} · {w.entityId}
          </Text>
        </div>
        <Text size="xs" c="dimmed" ta="end" style={{ whiteSpace: 'nowrap' }}>
          Withdrawal {shortWithdrawalId(w.id)} · version {w.version}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
        <LabeledValue name="Method">
          <Text size="sm">{label(METHOD_KIND_LABELS, w.methodKind)}</Text>
          <Text size="xs" c="dimmed">
            {w.methodId} · {w.providerId}
          </Text>
        </LabeledValue>
        <LabeledValue name="Stage SLA">
          <SlaTimer sla={w.sla} />
        </LabeledValue>
        <LabeledValue name="In this state since">
          <Text size="sm">{formatDateTime(w.stageEnteredAt)}</Text>
        </LabeledValue>
        <LabeledValue name="Requested">
          <Text size="sm">{formatDateTime(w.createdAt)}</Text>
        </LabeledValue>
        <LabeledValue name="Client sees">
          <Text size="sm" data-testid="withdrawal-client-status">
            {label(CLIENT_WITHDRAWAL_STATUS_LABELS, w.clientStatus)}
          </Text>
        </LabeledValue>
        <LabeledValue name="Client">
          <Group gap={4}>
            <Badge variant="light" color={client.status === 'active' ? 'green' : 'orange'} size="sm">
              {humanize(client.status)}
            </Badge>
            <Badge variant="dot" color={riskColor(client.riskLevel)} size="sm">
              {client.riskLevel ?? 'risk unknown'}
            </Badge>
          </Group>
        </LabeledValue>
      </SimpleGrid>
    </Card>
  );
}

/** Why the withdrawal is where it is, when that is not obvious: a payout that came back, an escalation, a decline. */
function StateNotice({ detail }: { detail: WithdrawalDetail }) {
  const w = detail.withdrawal;
  if (w.status === 'finance_review' && w.payoutFailureReason) {
    return (
      <Alert color="orange" variant="light" title="The payout came back to finance" data-testid="payout-reopened">
        <Text size="sm" fw={600} data-testid="payout-reopened-reason">
          {w.payoutFailureReason}
        </Text>
        <Text size="sm">The money is on hold again: re-route and approve, or decline to give it back to the client.</Text>
      </Alert>
    );
  }
  if (w.status === 'escalated') {
    return (
      <Alert color="grape" variant="light" title={`Escalated from the ${STAGE_LABELS[w.escalatedFrom ?? 'support'].toLowerCase()} stage`} data-testid="escalated-notice">
        {w.lastNote ?? 'No note.'}
      </Alert>
    );
  }
  if (w.status === 'declined' && w.declineReason) {
    const clientText = tOptional(`withdrawalReason.${w.declineReason}`);
    return (
      <Alert color="red" variant="light" title={`Declined: ${label(DECLINE_REASON_LABELS, w.declineReason)}`} data-testid="declined-notice">
        {clientText ? `The client reads: “${clientText}” The hold was released.` : 'The hold was released.'}
      </Alert>
    );
  }
  return null;
}

/** A destination flag raised at request time that no longer holds (finance has checked the proof, or corrected the name). */
function resolvedSince(code: string, detail: WithdrawalDetail): string | null {
  const d = detail.destination;
  if (!d) return null;
  if (code === 'destination_unverified' && d.status === 'active') return 'Resolved since: the proof has been checked.';
  if ((code === 'holder_name_partial' || code === 'holder_name_mismatch') && d.nameMatch === 'match') return 'Resolved since: the holder name now matches.';
  return null;
}

function ReviewReasons({ detail }: { detail: WithdrawalDetail }) {
  const { withdrawal: w } = detail;
  const supervisor = w.stages.includes('supervisor');
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-review-reasons">
      <Title order={2} size="h4" mb="xs">
        Review reasons
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {supervisor ? 'A review rule added a supervisor step: finance refers it, a supervisor approves the payout.' : 'No supervisor step: support, compliance and finance approve it.'}
      </Text>
      {w.reviewReasons.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing flagged.
        </Text>
      ) : (
        <Stack gap="sm">
          {w.reviewReasons.map((reason) => {
            const resolved = resolvedSince(reason.code, detail);
            return (
              <Group key={reason.code} gap="xs" wrap="wrap" align="flex-start" data-testid="review-reason" data-code={reason.code} data-resolved={resolved !== null}>
                <Tooltip label={SUPERVISOR_REASONS.has(reason.code) ? 'Adds the supervisor step' : 'For the reviewers’ attention'} withArrow>
                  <Badge variant="light" color={resolved ? 'gray' : SUPERVISOR_REASONS.has(reason.code) ? 'grape' : 'orange'} style={{ flexShrink: 0 }}>
                    {label(REVIEW_REASON_LABELS, reason.code)}
                  </Badge>
                </Tooltip>
                <div style={{ flex: '1 1 240px', minWidth: 0 }}>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }} c={resolved ? 'dimmed' : undefined}>
                    {reason.detail}
                  </Text>
                  {resolved && (
                    <Text size="xs" c="green.8">
                      {resolved}
                    </Text>
                  )}
                </div>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

function ClientBalance({ detail }: { detail: WithdrawalDetail }) {
  const { balance } = detail;
  const owes = !isZero(balance.debtMinor);
  const row = (name: string, minor: string, testId: string, color?: string) => (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm" c={color ?? 'dimmed'}>
        {name}
      </Text>
      <Text size="sm" fw={600} c={color} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId} data-minor={minor}>
        {formatStaffMoney(minor, balance.currency)}
      </Text>
    </Group>
  );
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-balance">
      <Title order={2} size="h4" mb="sm">
        Client balance in {balance.currency}
      </Title>
      <Stack gap={4}>
        {row('Available', balance.availableMinor, 'balance-available')}
        {row('On hold (open withdrawals)', balance.onHoldMinor, 'balance-on-hold')}
        {owes && row('Owes', balance.debtMinor, 'balance-debt', 'red.7')}
      </Stack>
    </Card>
  );
}
