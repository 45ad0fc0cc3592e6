import { Alert, Badge, Button, Card, Center, Group, Loader, Popover, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { IconBuildingBank, IconCurrencyBitcoin, IconPlus, IconTrash, IconWallet } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../api/client';
import type { PayoutDestinationKind, PortalPayoutDestination } from '../../api/withdrawal-types';
import { portalWithdrawalApi } from '../../api/withdrawals';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { isWaiting } from '../../lib/payout-destinations';
import { portalErrorMessage } from '../errors';
import { destinationKindLabel } from './withdrawal-status';

export const DESTINATION_ICONS: Record<PayoutDestinationKind, ReactNode> = {
  bank_account: <IconBuildingBank size={18} />,
  e_wallet: <IconWallet size={18} />,
  crypto_address: <IconCurrencyBitcoin size={18} />,
};

interface PayoutDestinationsProps {
  destinations: PortalPayoutDestination[] | undefined;
  loading: boolean;
  error: ApiError | null;
  onAdd: () => void;
  onRemoved: () => void;
}

/** The client's payout destinations: where withdrawals by bank, e-wallet or crypto are paid; add and remove. */
export function PayoutDestinations({ destinations, loading, error, onAdd, onRemoved }: PayoutDestinationsProps) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="payout-destinations" aria-busy={loading}>
      <Group justify="space-between" align="flex-start" mb={4} wrap="nowrap">
        <Text fw={700} size="sm" tt="uppercase" c="indigo">
          {t('destinations.title')}
        </Text>
        <Button variant="light" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={onAdd} data-testid="destination-add">
          {t('destinations.add')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('destinations.subtitle')}
      </Text>
      {error && (
        <Alert color="red" variant="light" mb="sm" title={t('destinations.error')}>
          {error.message}
        </Alert>
      )}
      {!destinations ? (
        !error && (
          <Center h={60}>
            <Loader size="sm" aria-label={t('app.loading')} />
          </Center>
        )
      ) : destinations.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="destinations-empty">
          {t('destinations.empty')}
        </Text>
      ) : (
        <Stack gap={0}>
          {destinations.map((destination) => (
            <DestinationRow key={destination.id} destination={destination} onRemoved={onRemoved} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** Ready, being checked, or waiting until a date: what the client can expect of a payout to it. */
export function DestinationStatus({ destination }: { destination: PortalPayoutDestination }) {
  const waiting = isWaiting(destination);
  const [label, hint, color] =
    destination.status === 'unverified'
      ? [t('destinations.status.unverified'), t('destinations.status.unverifiedHint'), 'orange']
      : waiting
        ? [t('destinations.status.waiting', { date: formatDateTime(destination.usableFrom) }), t('destinations.status.waitingHint'), 'orange']
        : [t('destinations.status.active'), null, 'green'];
  const badge = (
    <Badge variant="light" color={color} style={{ minWidth: 'max-content' }} data-testid="destination-status" data-status={waiting ? 'waiting' : destination.status}>
      {label}
    </Badge>
  );
  return hint ? (
    <Tooltip label={hint} withArrow multiline w={240}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}

function DestinationRow({ destination, onRemoved }: { destination: PortalPayoutDestination; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useSubmit(portalWithdrawalApi.removeDestination);

  async function onRemove() {
    const result = await remove.run(destination.id);
    if (result.ok) {
      setConfirming(false);
      onRemoved();
    }
  }

  return (
    <Stack gap={4} py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="destination" data-destination-id={destination.id} data-kind={destination.kind}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color="indigo" radius="md" aria-hidden>
          {DESTINATION_ICONS[destination.kind]}
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="destination-label">
              {destination.label}
            </Text>
            <DestinationStatus destination={destination} />
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {destinationKindLabel(destination.kind)} · {t('destinations.holder', { name: destination.holderName })}
          </Text>
        </Stack>
        <Popover opened={confirming} onChange={setConfirming} position="bottom-end" withArrow shadow="md" width={260}>
          <Popover.Target>
            <Button variant="subtle" color="gray" size="compact-sm" leftSection={<IconTrash size={14} />} onClick={() => setConfirming((o) => !o)} data-testid="destination-remove">
              {t('destinations.remove')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs">
              <Text size="sm">{t('destinations.remove.confirm', { label: destination.label })}</Text>
              {remove.error && (
                <Text size="xs" c="red.7">
                  {portalErrorMessage(remove.error)}
                </Text>
              )}
              <Group gap="xs" justify="flex-end">
                <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                  {t('destinations.remove.no')}
                </Button>
                <Button size="compact-sm" color="red" loading={remove.loading} onClick={() => void onRemove()} data-testid="destination-remove-confirm">
                  {t('destinations.remove.yes')}
                </Button>
              </Group>
            </Stack>
          </Popover.Dropdown>
        </Popover>
      </Group>
    </Stack>
  );
}
