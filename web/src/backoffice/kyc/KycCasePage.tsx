import { Alert, Anchor, Grid, Group, Stack } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useParams } from 'react-router-dom';
import { backofficeApi } from '../../api/backoffice';
import { LoadingScreen } from '../../components/LoadingScreen';
import { useLoad } from '../../hooks/useLoad';
import { CaseActions } from './CaseActions';
import { CaseDocuments } from './CaseDocuments';
import { CaseHeader } from './CaseHeader';
import { CaseHistory } from './CaseHistory';
import { CaseNotes } from './CaseNotes';
import { ChangeRequestsPanel, ProfilePanel } from './ProfilePanel';
import { RiskPanel } from './RiskPanel';
import { ScreeningHits } from './ScreeningHits';

/** `/backoffice/kyc/:id`: everything a reviewer needs on one screen, and the actions the case allows. */
export function KycCasePage() {
  const { id = '' } = useParams();
  const { data, error, reload } = useLoad((signal) => backofficeApi.kycCase(id, signal), [id]);

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/backoffice/kyc" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} />
          KYC queue
        </Group>
      </Anchor>
      {error && !data ? (
        <Alert color="red" variant="light" title={error.status === 404 ? 'Case not found' : error.status === 403 ? 'Not allowed' : 'Could not load the case'}>
          {error.message}
        </Alert>
      ) : !data || data.case.id !== id ? (
        <LoadingScreen />
      ) : (
        <>
          {error && (
            <Alert color="red" variant="light" title="Could not reload the case">
              {error.message}
            </Alert>
          )}
          <CaseHeader detail={data} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="md">
                <CaseActions key={`${data.case.status}-${data.case.version}`} detail={data} reload={reload} />
                <CaseDocuments detail={data} reload={reload} />
                <ScreeningHits hits={data.screeningHits} reload={reload} />
                <ChangeRequestsPanel detail={data} />
                <ProfilePanel detail={data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <RiskPanel detail={data} reload={reload} />
                <CaseNotes detail={data} reload={reload} />
                <CaseHistory detail={data} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
