import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { KycCaseDetail } from '../../api/types';
import { formatDateTime, humanize, statusColor } from '../../lib/format';
import { label, PROFILE_FIELD_LABELS } from './labels';
import { formatProfileValue } from './profile-format';

/** The client's profile as stored, required fields first; missing ones stand out. */
export function ProfilePanel({ detail }: { detail: KycCaseDetail }) {
  const { fields, required } = detail.profile;
  const names = [...required, ...Object.keys(fields).filter((name) => !(required as string[]).includes(name))];
  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-profile">
      <Title order={2} size="h4" mb="sm">
        Profile
      </Title>
      <Table verticalSpacing={6} fz="sm">
        <Table.Tbody>
          {names.map((name) => {
            const value = (fields as Record<string, unknown>)[name];
            return (
              <Table.Tr key={name} data-testid="profile-field" data-field={name}>
                <Table.Td w="34%" c="dimmed">
                  {label(PROFILE_FIELD_LABELS, name)}
                </Table.Td>
                <Table.Td>{value === undefined ? <Text span c="red.7" size="sm">Missing</Text> : formatProfileValue(name, value)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Requests to change verified details: old → new, reviewed with this case. */
export function ChangeRequestsPanel({ detail }: { detail: KycCaseDetail }) {
  if (detail.changeRequests.length === 0) return null;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-change-requests">
      <Title order={2} size="h4" mb="sm">
        Change requests
      </Title>
      <Stack gap="md">
        {detail.changeRequests.map((request) => (
          <Stack key={request.id} gap={4} data-testid="case-change-request" data-status={request.status}>
            <Text size="sm">
              <Badge variant="light" color={request.status === 'pending' ? 'orange' : statusColor(request.status)} mr="xs">
                {humanize(request.status)}
              </Badge>
              requested {formatDateTime(request.createdAt)}
            </Text>
            <Table withTableBorder withColumnBorders fz="sm" verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Field</Table.Th>
                  <Table.Th>Old</Table.Th>
                  <Table.Th>New</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Object.keys(request.newFields).map((name) => (
                  <Table.Tr key={name}>
                    <Table.Td>{label(PROFILE_FIELD_LABELS, name)}</Table.Td>
                    <Table.Td c="red.8">{formatProfileValue(name, (request.oldFields as Record<string, unknown>)[name])}</Table.Td>
                    <Table.Td c="green.8">{formatProfileValue(name, (request.newFields as Record<string, unknown>)[name])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
