import { Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import type { ClientRecordAt } from '../../api/point-in-time';
import { LabeledValue } from '../../components/LabeledValue';
import { countryName } from '../../lib/countries';
import { formatDate, formatDateTime, humanize, riskColor, statusColor } from '../../lib/format';

const orDash = (value: string | null) => value ?? '—';
/** A value the trail did not record reads "Not recorded", not a blank that looks like "none". */
function Known({ value, children }: { value: unknown; children?: React.ReactNode }) {
  if (value === null || value === undefined) {
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        Not recorded
      </Text>
    );
  }
  return <Text span size="sm">{children ?? String(value)}</Text>;
}

/** The client's standing, verification, identity and risk as they were. */
export function AsOfClientCard({ record }: { record: ClientRecordAt }) {
  const { client, risk } = record;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="as-of-client">
      <Title order={2} size="h4" mb="md">
        Record
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md">
        <LabeledValue name="Status">
          {client.status ? (
            <Badge variant="light" color={statusColor(client.status)} data-testid="as-of-status">
              {humanize(client.status)}
            </Badge>
          ) : (
            <Known value={null} />
          )}
        </LabeledValue>
        <LabeledValue name="Restriction">
          <Text span size="sm" data-testid="as-of-restriction">
            {client.restrictionReason ? humanize(client.restrictionReason) : client.closureReason ? `Closed: ${humanize(client.closureReason)}` : 'None'}
          </Text>
        </LabeledValue>
        <LabeledValue name="Verification level">
          <Known value={client.verificationLevel}>
            <span data-testid="as-of-verification">{humanize(client.verificationLevel ?? '')}</span>
          </Known>
        </LabeledValue>
        <LabeledValue name="Risk">
          <Group gap="xs" data-testid="as-of-risk">
            {risk.level ? (
              <Badge variant="light" color={riskColor(risk.level)}>
                {humanize(risk.level)}
              </Badge>
            ) : (
              <Known value={null} />
            )}
            <Text span size="sm" c="dimmed">
              {risk.score === null ? 'score not recorded' : `score ${risk.score}`}
              {risk.override ? ` · override (computed ${orDash(risk.computedLevel)})` : ''}
            </Text>
          </Group>
          {risk.factors.length > 0 && (
            <Text size="xs" c="dimmed">
              {risk.factors.map(humanize).join(', ')}
            </Text>
          )}
        </LabeledValue>
        <LabeledValue name="Email verified">
          <Text span size="sm">{client.emailVerifiedAt ? formatDateTime(client.emailVerifiedAt) : 'Not yet'}</Text>
        </LabeledValue>
        <LabeledValue name="KYC verified">
          <Text span size="sm">{client.kycVerifiedAt ? formatDateTime(client.kycVerifiedAt) : 'Not yet'}</Text>
        </LabeledValue>
        <LabeledValue name="Next periodic review">
          <Text span size="sm">{client.nextReviewOn ? formatDate(client.nextReviewOn) : '—'}</Text>
        </LabeledValue>
        <LabeledValue name="Email">
          <Known value={client.email} />
        </LabeledValue>
        <LabeledValue name="Name">
          <Known value={client.firstName ?? client.lastName}>{`${client.firstName ?? ''} ${client.lastName ?? ''}`.trim()}</Known>
        </LabeledValue>
        <LabeledValue name="Country">
          <Known value={client.country}>{client.country ? `${countryName(client.country)} (${client.country})` : ''}</Known>
        </LabeledValue>
        <LabeledValue name="Client type · entity">
          <Known value={client.clientType ?? client.entityId}>{`${humanize(client.clientType ?? '—')} · ${orDash(client.entityId)}`}</Known>
        </LabeledValue>
        <LabeledValue name="Registered">
          <Known value={client.registeredAt}>{formatDateTime(client.registeredAt)}</Known>
        </LabeledValue>
      </SimpleGrid>
    </Card>
  );
}
