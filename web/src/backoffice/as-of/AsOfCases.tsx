import { Anchor, Badge, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { KycCaseAt } from '../../api/point-in-time';
import { formatDateTime, statusColor } from '../../lib/format';
import { CASE_STATUS_LABELS, KIND_LABELS, label } from '../kyc/labels';

/** The client's KYC cases as they stood then (status then; the link opens the case as it is now). */
export function AsOfCases({ cases, canOpen }: { cases: readonly KycCaseAt[]; canOpen: boolean }) {
  if (cases.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="as-of-cases">
      <Title order={2} size="h4" mb="sm">
        KYC cases
      </Title>
      <Table.ScrollContainer minWidth={600}>
        <Table verticalSpacing={6} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Status then</Table.Th>
              <Table.Th>Opened</Table.Th>
              <Table.Th>Decided</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...cases].reverse().map((c) => (
              <Table.Tr key={c.id} data-testid="as-of-case" data-status={c.status ?? ''}>
                <Table.Td>
                  {canOpen ? (
                    <Anchor component={Link} to={`/backoffice/kyc/cases/${encodeURIComponent(c.id)}`} size="sm">
                      {label(KIND_LABELS, c.kind ?? 'unknown')}
                    </Anchor>
                  ) : (
                    label(KIND_LABELS, c.kind ?? 'unknown')
                  )}
                </Table.Td>
                <Table.Td>
                  {c.status ? (
                    <Badge variant="light" color={statusColor(c.status)}>
                      {label(CASE_STATUS_LABELS, c.status)}
                    </Badge>
                  ) : (
                    <Text span c="dimmed" fs="italic" size="sm">
                      Not recorded
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(c.openedAt)}</Table.Td>
                <Table.Td>{formatDateTime(c.decidedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
