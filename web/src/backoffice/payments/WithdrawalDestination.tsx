import { Anchor, Badge, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { StaffPayoutDestination, WithdrawalDetail } from '../../api/withdrawal-types';
import { formatDateTime } from '../../lib/format';
import { label } from '../kyc/labels';
import { DESTINATION_KIND_LABELS, DESTINATION_STATUS_LABELS, NAME_MATCH_LABELS } from './withdrawal-labels';

/** Detail names, in the order they are shown. */
export const DETAIL_LABELS: Record<string, string> = {
  iban: 'IBAN',
  accountNumber: 'Account number',
  bankCode: 'Bank code',
  bic: 'BIC',
  country: 'Bank country',
  provider: 'Provider',
  email: 'Email',
  accountId: 'Account id',
  network: 'Network',
  address: 'Address',
};

/** The details of a destination, one per line (staff see them in full). */
export function DetailList({ details }: { details: Record<string, string> }) {
  const order = Object.keys(DETAIL_LABELS);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(details).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return null;
  return (
    <Stack gap={2}>
      {entries.map(([key, value]) => (
        <Group key={key} gap="xs" wrap="nowrap" align="flex-start">
          <Text size="xs" c="dimmed" w={110} style={{ flexShrink: 0 }}>
            {label(DETAIL_LABELS, key)}
          </Text>
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere', minWidth: 0 }} data-testid={`detail-${key}`}>
            {value}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The holder's name against the client's legal name, and whether money may go there now. */
export function DestinationBadges({ destination }: { destination: StaffPayoutDestination }) {
  const match = NAME_MATCH_LABELS[destination.nameMatch] ?? { label: destination.nameMatch, color: 'gray' };
  const status = DESTINATION_STATUS_LABELS[destination.status] ?? { label: destination.status, color: 'gray' };
  const waiting = destination.status !== 'removed' && new Date(destination.usableFrom).getTime() > Date.now();
  return (
    <Group gap={4}>
      <Badge variant="light" color={match.color} style={{ minWidth: 'max-content' }} data-testid="name-match" data-match={destination.nameMatch}>
        {match.label}
      </Badge>
      <Badge variant="light" color={status.color} style={{ minWidth: 'max-content' }} data-testid="destination-status" data-status={destination.status}>
        {status.label}
      </Badge>
      {waiting && (
        <Tooltip label="A new destination cannot be paid to before its waiting period ends" withArrow>
          <Badge variant="light" color="orange" style={{ minWidth: 'max-content' }}>
            Usable from {formatDateTime(destination.usableFrom)}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

/**
 * Where the money goes: the destination as the client gave it with the
 * request (what the payout uses), with its name-match flag and status now.
 */
export function WithdrawalDestination({ detail }: { detail: WithdrawalDetail }) {
  const { withdrawal: w, destination } = detail;
  const snapshot = w.destination;
  const changed = destination !== null && JSON.stringify(destination.details) !== JSON.stringify(snapshot.details);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="withdrawal-destination">
      <Title order={2} size="h4" mb="sm">
        Destination
      </Title>
      <Stack gap="xs">
        <div>
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="destination-label">
            {snapshot.label}
          </Text>
          <Text size="xs" c="dimmed">
            {label(DESTINATION_KIND_LABELS, snapshot.kind)} · holder{' '}
            <Text span inherit fw={600} c="var(--mantine-color-text)" data-testid="destination-holder">
              {snapshot.holderName}
            </Text>
          </Text>
        </div>
        {destination ? (
          <>
            <DestinationBadges destination={destination} />
            <DetailList details={snapshot.details} />
            {changed && (
              <Text size="xs" c="orange.8">
                Finance edited this destination after the request; the payout uses the details above, as requested.
              </Text>
            )}
            <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(w.clientId)}#payout-destinations`} size="xs">
              The client’s payout destinations
            </Anchor>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            A card withdrawal goes back to the card the client deposited with: no destination on record.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
