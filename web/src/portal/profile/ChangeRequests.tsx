import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { ProfileChangeRequest } from '../../api/types';
import { t, tOptional } from '../../i18n';
import { formatDateTime, humanize, statusColor } from '../../lib/format';
import { fieldLabel } from './inputs';

/** The client's requests to change verified details, with their status. */
export function ChangeRequests({ requests }: { requests: ProfileChangeRequest[] }) {
  if (requests.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="change-requests">
      <Title order={2} size="h4" mb="sm">
        {t('profile.changeRequests')}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('profile.changeRequests.fields')}</Table.Th>
              <Table.Th>{t('profile.changeRequests.status')}</Table.Th>
              <Table.Th>{t('profile.changeRequests.requested')}</Table.Th>
              <Table.Th>{t('profile.changeRequests.decided')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {requests.map((request) => (
              <Table.Tr key={request.id} data-testid="change-request" data-status={request.status}>
                <Table.Td>{request.fields.map(fieldLabel).join(', ')}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={request.status === 'pending' ? 'orange' : statusColor(request.status)}>
                    {tOptional(`changeRequest.${request.status}`) ?? humanize(request.status)}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatDateTime(request.createdAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={request.decidedAt ? undefined : 'dimmed'}>
                    {formatDateTime(request.decidedAt)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
