import { Alert, Anchor, Badge, Card, Code, Grid, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { backofficeApi } from '../../api/backoffice';
import type { DepositDetail, TimelineEvent } from '../../api/types';
import { LoadingScreen } from '../../components/LoadingScreen';
import { useLoad } from '../../hooks/useLoad';
import { formatDateTime, riskColor } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';
import { actionLabel } from '../actions';
import { label } from '../kyc/labels';
import { SlaTimer } from '../kyc/SlaTimer';
import { bulletFor, TimelineEventItem } from '../TimelineEventItem';
import { DepositDecision } from './DepositDecision';
import { clientAlertText, CLIENT_DEPOSIT_STATUS_LABELS, DEPOSIT_REJECTION_LABELS, DEPOSIT_STATUS_LABELS, depositStatusColor, METHOD_KIND_LABELS, RULE_HIT_LABELS, shortDepositId } from './labels';
import { LabeledValue } from '../../components/LabeledValue';

/** `/backoffice/payments/deposits/:id`: one deposit, its rule hits and history, and the decision when it waits for one. */
export function DepositPage() {
  const { id = '' } = useParams();
  const { data, error, reload } = useLoad((signal) => backofficeApi.deposit(id, signal), [id]);

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/backoffice/payments/deposits" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          Deposit review
        </Group>
      </Anchor>
      {error && !data ? (
        <Alert color="red" variant="light" title={error.status === 404 ? 'Deposit not found' : error.status === 403 ? 'Not allowed' : 'Could not load the deposit'}>
          {error.message}
        </Alert>
      ) : !data || data.deposit.id !== id ? (
        <LoadingScreen />
      ) : (
        <>
          {error && (
            <Alert color="red" variant="light" title="Could not reload the deposit">
              {error.message}
            </Alert>
          )}
          <DepositHeader detail={data} />
          {((data.deposit.clientOpenFlags?.length ?? 0) > 0 || (data.deposit.clientDebts?.length ?? 0) > 0) && (
            <Alert color="red" variant="light" title="The client has open flags" data-testid="deposit-client-flags">
              {clientAlertText(data.deposit)}
            </Alert>
          )}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="md">
                {data.allowedDecisions.length > 0 ? (
                  <DepositDecision key={`${data.deposit.status}-${data.deposit.version}`} detail={data} reload={reload} />
                ) : (
                  <NoDecision detail={data} />
                )}
                <RuleHits detail={data} />
                <PaymentDetails detail={data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <DepositHistory detail={data} />
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}


function DepositHeader({ detail }: { detail: DepositDetail }) {
  const { deposit, client } = detail;
  const name = client.name.trim() || client.email;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-header">
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap" gap="md">
        <div style={{ minWidth: 0 }}>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="deposit-amount" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatStaffMoney(deposit.amountMinor, deposit.currency)}
            </Title>
            <Badge size="lg" variant="filled" color={depositStatusColor(deposit.status)} data-testid="deposit-status" data-status={deposit.status}>
              {label(DEPOSIT_STATUS_LABELS, deposit.status)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(client.id)}`} size="sm" fw={600} data-testid="deposit-client">
              {name}
            </Anchor>{' '}
            · {client.email} · {client.entity.name}
          </Text>
        </div>
        <Text size="xs" c="dimmed" ta="end" style={{ whiteSpace: 'nowrap' }}>
          Deposit {shortDepositId(deposit.id)} · version {deposit.version}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
        <LabeledValue name="Method">
          <Text size="sm">{deposit.methodName ?? deposit.methodId}</Text>
          <Text size="xs" c="dimmed">
            {label(METHOD_KIND_LABELS, deposit.methodKind)}
          </Text>
        </LabeledValue>
        <LabeledValue name="SLA">
          <SlaTimer sla={deposit.sla} />
        </LabeledValue>
        <LabeledValue name="Sent to review">
          <Text size="sm">{formatDateTime(deposit.confirmedAt)}</Text>
        </LabeledValue>
        <LabeledValue name="Payer">
          <Text size="sm" data-testid="deposit-payer">
            {deposit.payerName ?? '—'}
          </Text>
        </LabeledValue>
        <LabeledValue name="Client risk">
          <Badge variant="dot" color={riskColor(client.riskLevel)}>
            {client.riskLevel ?? 'unknown'}
          </Badge>
        </LabeledValue>
        <LabeledValue name="Country">
          <Text size="sm">{client.country}</Text>
        </LabeledValue>
      </SimpleGrid>
    </Card>
  );
}

function NoDecision({ detail }: { detail: DepositDetail }) {
  const { deposit } = detail;
  if (deposit.decidedAt) {
    return (
      <Card withBorder radius="md" padding="lg" data-testid="deposit-decided">
        <Title order={2} size="h4" mb="xs">
          Decision
        </Title>
        <Text size="sm">
          {deposit.status === 'rejected' ? 'Rejected' : 'Approved'} by <b>{deposit.decidedByName ?? deposit.decidedBy ?? 'staff'}</b> on {formatDateTime(deposit.decidedAt)}
          {deposit.decisionReason ? ` · reason: ${label(DEPOSIT_REJECTION_LABELS, deposit.decisionReason)}` : ''}
        </Text>
        {deposit.decisionNote && (
          <Text size="sm" fs="italic" mt="xs" data-testid="deposit-decision-note">
            “{deposit.decisionNote}”
          </Text>
        )}
      </Card>
    );
  }
  const waiting = deposit.status === 'under_review' || deposit.status === 'escalated';
  return (
    <Alert color="gray" variant="light" data-testid="deposit-no-decision">
      {waiting
        ? deposit.status === 'escalated'
          ? 'This deposit was escalated: a supervisor decides it.'
          : 'Finance or a supervisor decides this deposit; your roles can view it only.'
        : 'This deposit does not wait for a decision.'}
    </Alert>
  );
}

function RuleHits({ detail }: { detail: DepositDetail }) {
  const hits = detail.deposit.ruleHits;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-rule-hits">
      <Title order={2} size="h4" mb="md">
        Review rule hits
      </Title>
      {hits.length === 0 ? (
        <Text size="sm" c="dimmed">
          {detail.deposit.confirmedAt ? 'No review rule fired.' : 'The rules run when the provider confirms the payment.'}
        </Text>
      ) : (
        <Stack gap="sm">
          {hits.map((hit) => (
            <Group key={hit.code} gap="sm" wrap="nowrap" align="flex-start" data-testid="rule-hit" data-code={hit.code}>
              <Badge variant="light" color="orange" style={{ flexShrink: 0 }}>
                {label(RULE_HIT_LABELS, hit.code)}
              </Badge>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {hit.detail}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function PaymentDetails({ detail }: { detail: DepositDetail }) {
  const { deposit } = detail;
  const processedDiffers =
    deposit.processedAmountMinor !== null &&
    (deposit.processedAmountMinor !== deposit.amountMinor || (deposit.processedCurrency ?? deposit.currency) !== deposit.currency);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-details">
      <Title order={2} size="h4" mb="md">
        Payment
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" verticalSpacing="md">
        <LabeledValue name="Requested">
          <Text size="sm">{formatStaffMoney(deposit.amountMinor, deposit.currency)}</Text>
        </LabeledValue>
        {processedDiffers && (
          <LabeledValue name="Processed by the provider">
            <Text size="sm" c="orange.8" fw={600} data-testid="deposit-processed">
              {formatStaffMoney(deposit.processedAmountMinor!, deposit.processedCurrency ?? deposit.currency)}
            </Text>
          </LabeledValue>
        )}
        <LabeledValue name="Provider">
          <Text size="sm">{deposit.providerId}</Text>
        </LabeledValue>
        <LabeledValue name="Provider reference">
          <Text size="sm" ff="monospace" data-testid="deposit-provider-reference">
            {deposit.providerReference ?? '—'}
          </Text>
        </LabeledValue>
        <LabeledValue name="Provider session">
          <Text size="xs" ff="monospace">
            {deposit.providerSessionId ?? '—'}
          </Text>
        </LabeledValue>
        <LabeledValue name="Payer name">
          <Text size="sm">{deposit.payerName ?? 'Not reported'}</Text>
        </LabeledValue>
        <LabeledValue name="Client sees">
          <Text size="sm">{label(CLIENT_DEPOSIT_STATUS_LABELS, deposit.clientStatus)}</Text>
        </LabeledValue>
        <LabeledValue name="Created">
          <Text size="sm">{formatDateTime(deposit.createdAt)}</Text>
        </LabeledValue>
        <LabeledValue name="Confirmed">
          <Text size="sm">{formatDateTime(deposit.confirmedAt)}</Text>
        </LabeledValue>
        <LabeledValue name="Credited">
          <Text size="sm">{formatDateTime(deposit.creditedAt)}</Text>
        </LabeledValue>
        {deposit.failureReason && (
          <LabeledValue name="Failure reason">
            <Text size="sm">{deposit.failureReason}</Text>
          </LabeledValue>
        )}
        <LabeledValue name="Deposit ID">
          <Text size="xs" ff="monospace">
            {deposit.id}
          </Text>
        </LabeledValue>
      </SimpleGrid>
    </Card>
  );
}

function DepositHistory({ detail }: { detail: DepositDetail }) {
  const events: TimelineEvent[] = detail.history.map((event) => ({ ...event, subjectType: 'deposit', subjectId: detail.deposit.id, requestId: null, ip: null }));
  return (
    <Card withBorder radius="md" padding="lg" data-testid="deposit-history">
      <Title order={2} size="h4" mb="md">
        Status history
      </Title>
      {events.length === 0 ? (
        <Text size="sm" c="dimmed">
          No events yet.
        </Text>
      ) : (
        <Timeline active={events.length} bulletSize={22} lineWidth={2}>
          {events.map((event) => (
            <Timeline.Item
              key={event.id}
              bullet={bulletFor(event.actorType)}
              title={
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm">
                    {actionLabel(event.action)}
                  </Text>
                  <Code fz="xs" c="dimmed">
                    {event.action}
                  </Code>
                </Group>
              }
              data-testid="deposit-history-event"
              data-action={event.action}
            >
              <TimelineEventItem event={event} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Card>
  );
}
