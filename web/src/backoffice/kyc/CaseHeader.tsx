import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { KycCaseDetail } from '../../api/types';
import { formatDateTime, humanize, riskColor, statusColor } from '../../lib/format';
import { CASE_STATUS_LABELS, documentTypeNamer, KIND_LABELS, label } from './labels';
import { country } from './profile-format';
import { SlaTimer } from './SlaTimer';
import { LabeledValue } from '../../components/LabeledValue';


/** Who, what state, how long: status, kind, SLA, assignee, risk, and what the client was last asked for. */
export function CaseHeader({ detail }: { detail: KycCaseDetail }) {
  const { case: kycCase, client } = detail;
  const name = `${client.firstName} ${client.lastName}`.trim() || client.email;
  const documentTypeName = documentTypeNamer(detail.documentTypes);
  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-header">
      <Group justify="space-between" align="flex-start" mb="md">
        <div>
          <Group gap="sm">
            <Title order={1} size="h2" data-testid="case-client-name">
              {name}
            </Title>
            <Badge size="lg" variant="filled" color={statusColor(kycCase.status)} data-testid="case-status" data-status={kycCase.status}>
              {label(CASE_STATUS_LABELS, kycCase.status)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {client.email} · {humanize(client.clientType)} · {client.entity.name} ·{' '}
            <Anchor component={Link} to={`/backoffice/clients/${encodeURIComponent(client.id)}`} size="sm">
              client record
            </Anchor>
          </Text>
        </div>
        <Text size="xs" c="dimmed" ta="end">
          Case {kycCase.id.slice(0, 8)} · version {kycCase.version}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
        <LabeledValue name="Kind">{label(KIND_LABELS, kycCase.kind)}</LabeledValue>
        <LabeledValue name="SLA">
          <SlaTimer sla={kycCase.sla} />
        </LabeledValue>
        <LabeledValue name="Assignee">
          <Text size="sm" data-testid="case-assignee">
            {kycCase.assignee?.name ?? 'Unassigned'}
          </Text>
        </LabeledValue>
        <LabeledValue name="Risk">
          <Badge variant="dot" color={riskColor(client.risk.level)} data-testid="case-risk">
            {client.risk.level ?? 'unknown'}
            {client.risk.overridden ? ' (override)' : ''}
          </Badge>
        </LabeledValue>
        <LabeledValue name="Country">
          <Text size="sm">{country(client.country)}</Text>
        </LabeledValue>
        <LabeledValue name="Submitted">
          <Text size="sm">{formatDateTime(kycCase.submittedAt)}</Text>
        </LabeledValue>
      </SimpleGrid>
      {kycCase.openedReason && (
        <Text size="sm" mt="md">
          <Text span c="dimmed">
            Opened:{' '}
          </Text>
          {kycCase.openedReason}
        </Text>
      )}
      {kycCase.requestedDocuments && kycCase.requestedDocuments.length > 0 && (
        <Stack gap={2} mt="xs" data-testid="case-requested-documents">
          <Text size="sm" c="dimmed">
            {kycCase.status === 'more_documents_required' ? 'Asked the client for:' : 'Last asked the client for:'}
          </Text>
          {kycCase.requestedDocuments.map((request, index) => (
            <Text key={index} size="sm">
              <b>{request.documentTypes.map(documentTypeName).join(' or ')}</b> — “{request.reason}”
            </Text>
          ))}
        </Stack>
      )}
      {kycCase.decidedAt && (
        <Text size="sm" mt="xs">
          <Text span c="dimmed">
            Decided {formatDateTime(kycCase.decidedAt)}
            {kycCase.decisionReason ? ` · reason ${label(Object.fromEntries(detail.rejectionReasons.map((r) => [r.code, r.label])), kycCase.decisionReason)}` : ''}
          </Text>
        </Text>
      )}
    </Card>
  );
}
