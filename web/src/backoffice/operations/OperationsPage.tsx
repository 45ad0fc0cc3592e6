import { Alert, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { operationsApi, type OperationsQuery } from '../../api/operations';
import { useLoad } from '../../hooks/useLoad';
import { useSetSearchParam } from '../../hooks/useSetSearchParam';
import { formatDateTime } from '../../lib/format';
import { EntitySelect, useEntities } from '../EntitySelect';
import { DistributionCard } from './DistributionCard';
import { ExportCsvButton } from './ExportCsvButton';
import { PeriodFilter } from './PeriodFilter';
import { STAGE_LABELS } from './labels';
import { QueueSection } from './QueueSection';
import { RateCards } from './RateCards';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `/backoffice/operations` (SPEC §10): queues now, approval times and payment rates over a period, as charts; filters
 * (entity, from, to) in the address; the exports of the same filters.
 */
export function OperationsPage() {
  const [params] = useSearchParams();
  const date = (name: string) => {
    const value = params.get(name);
    return value && DATE.test(value) ? value : null;
  };
  const query: OperationsQuery = { entity: params.get('entity'), from: date('from'), to: date('to') };
  const setFilter = useSetSearchParam();
  const { entities, error: entitiesError } = useEntities();
  const { data, error, loading, reload } = useLoad((signal) => operationsApi.overview(query, signal), [query.entity, query.from, query.to]);
  // The exports follow the period shown (the server's default when the address has none).
  const exportQuery: OperationsQuery = { entity: query.entity, from: query.from ?? data?.period.from ?? null, to: query.to ?? data?.period.to ?? null };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Operations
        </Title>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={reload} data-testid="operations-refresh">
          Refresh
        </Button>
      </Group>

      <Group align="flex-end" gap="sm" data-testid="operations-filters">
        <EntitySelect entities={entities} error={entitiesError} value={query.entity} onChange={(v) => setFilter('entity', v)} w={200} testId="filter-entity" />
        <PeriodFilter from={query.from ?? data?.period.from ?? ''} to={query.to ?? data?.period.to ?? ''} />
        {data && (
          <Text size="xs" c="dimmed" pb={8}>
            Local days in {data.period.timeZone}; queues as of {formatDateTime(data.asOf)}
          </Text>
        )}
      </Group>

      {error && (
        <Alert color="red" variant="light" title="Could not load the figures" data-testid="operations-error">
          {error.message}
        </Alert>
      )}
      {loading && !data && (
        <Center>
          <Loader size="sm" aria-label="Loading the figures" />
        </Center>
      )}

      {data && (
        <Stack gap="md" aria-busy={loading} data-testid="operations" data-period={`${data.period.from}/${data.period.to}`}>
          <QueueSection queues={data.queues} />

          <Title order={2} size="h4">
            Approval times, {data.period.from} – {data.period.to}
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <DistributionCard
              title="KYC: submission → decision"
              distribution={data.approvalTimes.kyc}
              note={`${data.approvalTimes.kyc.decidedLate} decided after the due time`}
              testId="dist-kyc"
            />
            <DistributionCard title="Withdrawals: request → paid" distribution={data.approvalTimes.withdrawalRequestToPaid} testId="dist-withdrawal-paid" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {data.approvalTimes.withdrawalStages.map((stage) => (
              <DistributionCard key={stage.queue} title={`Withdrawal stage: ${STAGE_LABELS[stage.queue] ?? stage.queue}`} distribution={stage} testId={`dist-${stage.queue}`} />
            ))}
          </SimpleGrid>

          <Title order={2} size="h4">
            Payment rates
          </Title>
          <RateCards rates={data.rates} />
        </Stack>
      )}

      <Card withBorder padding="md" data-testid="exports">
        <Stack gap="xs">
          <Title order={2} size="h5">
            Exports (CSV) for these filters
          </Title>
          <Group gap="xs">
            <ExportCsvButton href={operationsApi.kycDecisionsCsv(exportQuery)} label="KYC decisions" testId="export-kyc-decisions" />
            <ExportCsvButton href={operationsApi.depositDecisionsCsv(exportQuery)} label="Deposit decisions" testId="export-deposit-decisions" />
            <ExportCsvButton href={operationsApi.withdrawalStepsCsv(exportQuery)} label="Withdrawal steps" testId="export-withdrawal-steps" />
            <ExportCsvButton href={operationsApi.withdrawalsCsv(exportQuery)} label="Withdrawals with stage times" testId="export-withdrawals" />
          </Group>
          <Text size="xs" c="dimmed">
            Each export needs the permission to see its records, and is recorded in the audit trail. The queue pages export their current view.
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}
