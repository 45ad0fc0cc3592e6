import { Alert, Anchor, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconHistory } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { pointInTimeApi } from '../api/point-in-time';
import { LoadingScreen } from '../components/LoadingScreen';
import { useLoad } from '../hooks/useLoad';
import { useSetSearchParam } from '../hooks/useSetSearchParam';
import { formatDateTime } from '../lib/format';
import { AsOfAccounts } from './as-of/AsOfAccounts';
import { AsOfCases } from './as-of/AsOfCases';
import { AsOfClientCard } from './as-of/AsOfClientCard';
import { AsOfDocuments } from './as-of/AsOfDocuments';
import { AsOfEvents } from './as-of/AsOfEvents';
import { AsOfPicker } from './as-of/AsOfPicker';
import { AsOfProfile } from './as-of/AsOfProfile';
import { staffMay } from './roles';
import { useStaffSession } from './session';

/**
 * `/backoffice/clients/:id/as-of?at=<ISO>`: the client's record as it was at a
 * moment, rebuilt from the audit trail (what an auditor asks for): standing,
 * verification, risk, profile, documents, KYC cases, accounts and wallet, the
 * events up to then, and what the trail cannot tell.
 */
export function ClientAsOfPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const setParam = useSetSearchParam();
  const { staff } = useStaffSession();
  // Without `at`, the page opens on now (read once, so it does not move while the page is open).
  const fallback = useMemo(() => new Date().toISOString(), []);
  const at = params.get('at') || fallback;
  const { data, error, loading } = useLoad((signal) => pointInTimeApi.clientAsOf(id, at, signal), [id, at]);
  const record = data?.record;
  const name = record ? `${record.client.firstName ?? ''} ${record.client.lastName ?? ''}`.trim() || record.client.email || id : null;

  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(id)}`} size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          Client record (now)
        </Group>
      </Anchor>
      <Group gap="sm" align="center">
        <IconHistory size={26} aria-hidden />
        <Title order={1} size="h2" data-testid="as-of-title">
          {name ? `${name}, as of ${formatDateTime(at)}` : `Record as of ${formatDateTime(at)}`}
        </Title>
      </Group>
      <AsOfPicker at={at} onPick={(iso) => setParam('at', iso)} />

      {error ? (
        <Alert color="red" variant="light" title={error.status === 404 ? 'Client not found' : 'Could not rebuild the record'} data-testid="as-of-error">
          {error.message}
        </Alert>
      ) : !data || loading ? (
        <LoadingScreen />
      ) : !record ? (
        <Alert color="blue" variant="light" title="Not a client yet" data-testid="as-of-not-yet">
          The client registered on {formatDateTime(data.registeredAt)}; nothing was on record at this moment.
        </Alert>
      ) : (
        <>
          <Alert color="gray" variant="light" title="What the trail cannot tell" data-testid="as-of-gaps">
            <List size="sm" spacing={2}>
              {data.gaps.map((gap) => (
                <List.Item key={gap}>{gap}</List.Item>
              ))}
            </List>
            <Text size="xs" c="dimmed" mt="xs" style={{ overflowWrap: 'anywhere' }}>
              Rebuilt from {data.trail.applied} of {data.trail.eventCount} events; chain head #{data.trail.lastSeq} <Code fz="xs">{data.trail.lastHash?.slice(0, 16)}…</Code>
            </Text>
          </Alert>
          <AsOfClientCard record={record} />
          <AsOfProfile profile={record.profile} />
          <AsOfDocuments documents={record.documents} />
          <AsOfCases cases={record.kycCases} canOpen={staffMay(staff.roles, 'kyc.case.view')} />
          <AsOfAccounts accounts={record.tradingAccounts} wallet={data.walletBalances} />
          <AsOfEvents events={data.events} total={data.trail.eventCount} />
        </>
      )}
    </Stack>
  );
}
