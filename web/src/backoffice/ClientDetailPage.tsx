import { Alert, Anchor, Badge, Group, Stack, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { backofficeApi } from '../api/backoffice';
import { clientAsOfPath } from '../api/point-in-time';
import { LoadingScreen } from '../components/LoadingScreen';
import { useLoad } from '../hooks/useLoad';
import { humanize, statusColor } from '../lib/format';
import { ClientMessages } from './messages/ClientMessages';
import { ClientPayoutDestinations } from './ClientPayoutDestinations';
import { ClientRecord } from './ClientRecord';
import { ClientStanding } from './ClientStanding';
import { ClientTimeline } from './ClientTimeline';
import { ClientTradingAccounts } from './ClientTradingAccounts';
import { ClientWallet } from './ClientWallet';
import { staffMay } from './roles';
import { useStaffSession } from './session';

/** `/backoffice/clients/:id`: the client record, its standing (restrict, lift, close), the wallet (balances and journal), payout destinations, trading accounts and the audit timeline. */
export function ClientDetailPage() {
  const { id = '' } = useParams();
  const { staff } = useStaffSession();
  const { data, error, reload } = useLoad((signal) => backofficeApi.client(id, signal), [id]);
  const client = data?.client;
  // A change of standing moves the trading accounts and adds timeline events: those sections load again.
  const [version, setVersion] = useState(0);
  const onStandingChanged = () => {
    reload();
    setVersion((v) => v + 1);
  };

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/backoffice/clients" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          Clients
        </Group>
      </Anchor>

      {error ? (
        <Alert color="red" variant="light" title={error.status === 404 ? 'Client not found' : 'Could not load the client'}>
          {error.message}
        </Alert>
      ) : !client || client.id !== id ? (
        <LoadingScreen />
      ) : (
        <>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="client-name">
              {`${client.firstName} ${client.lastName}`.trim() || client.email}
            </Title>
            <Badge variant="light" color={statusColor(client.status)} data-testid="client-status">
              {humanize(client.status)}
            </Badge>
          </Group>
          <ClientRecord client={client} />
          {staffMay(staff.roles, 'client.timeline.view') && (
            <Anchor component={Link} to={clientAsOfPath(client.id)} size="sm" data-testid="client-as-of-link">
              Record as of a past moment…
            </Anchor>
          )}
          {staffMay(staff.roles, 'client.status.change') && <ClientStanding client={client} onChanged={onStandingChanged} />}
        </>
      )}

      {!error && staffMay(staff.roles, 'wallet.view') && <ClientWallet clientId={id} />}
      {!error && staffMay(staff.roles, 'payout_destination.view') && (
        <ClientPayoutDestinations clientId={id} canEdit={staffMay(staff.roles, 'payout_destination.edit')} />
      )}
      {!error && staffMay(staff.roles, 'trading_account.view') && <ClientTradingAccounts key={`accounts-${version}`} clientId={id} />}
      {!error && staffMay(staff.roles, 'message.view') && <ClientMessages clientId={id} canSend={staffMay(staff.roles, 'message.send')} />}
      {!error && <ClientTimeline key={`timeline-${version}`} clientId={id} />}
    </Stack>
  );
}
