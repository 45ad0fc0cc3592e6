import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { ProfileChangeRequest } from '../../api/types';
import { t, tOptional } from '../../i18n';
import { formatDateTime, humanize, statusColor } from '../../lib/format';
import { formatFieldValue } from './format-value';
import { fieldLabel } from './inputs';

/** The client's requests to change verified details: what they asked to change, to what, and where it stands. */
export function ChangeRequests({ requests }: { requests: ProfileChangeRequest[] }) {
  if (requests.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="change-requests">
      <Title order={2} size="h4" mb="sm">
        {t('profile.changeRequests')}
      </Title>
      <Table.ScrollContainer minWidth={560}>
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
                <Table.Td>
                  <Stack gap={2}>
                    {request.fields.map((field) => (
                      <Text key={field} size="sm" data-testid="change-request-field" data-field={field}>
                        {field in request.requested
                          ? t('profile.changeRequests.change', { field: fieldLabel(field).toLowerCase(), value: formatFieldValue(field, request.requested[field]) })
                          : t('profile.changeRequests.changeField', { field: fieldLabel(field).toLowerCase() })}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={request.status === 'pending' ? 'orange' : statusColor(request.status)}>
                    {tOptional(`changeRequest.${request.status}`) ?? humanize(request.status)}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(request.createdAt)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
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
