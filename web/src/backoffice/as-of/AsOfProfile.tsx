import { Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import type { ClientRecordAt } from '../../api/point-in-time';
import { formatDateTime } from '../../lib/format';
import { label, PROFILE_FIELD_LABELS } from '../kyc/labels';
import { formatProfileValue } from '../kyc/profile-format';

/** The profile fields in use then, and a change of verified details that was waiting for compliance. */
export function AsOfProfile({ profile }: { profile: ClientRecordAt['profile'] }) {
  const names = Object.keys(profile.fields);
  const pending = profile.pendingChange;
  return (
    <Card withBorder radius="md" padding="lg" data-testid="as-of-profile">
      <Title order={2} size="h4" mb="sm">
        Profile
      </Title>
      {names.length === 0 ? (
        <Text c="dimmed" size="sm">
          No profile fields yet.
        </Text>
      ) : (
        <Table verticalSpacing={6} fz="sm">
          <Table.Tbody>
            {names.map((name) => (
              <Table.Tr key={name} data-testid="as-of-profile-field" data-field={name}>
                <Table.Td w="34%" c="dimmed">
                  {label(PROFILE_FIELD_LABELS, name)}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{formatProfileValue(name, profile.fields[name])}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pending && (
        <>
          <Group gap="xs" mt="md" mb="xs">
            <Badge variant="light" color="orange">
              Change awaiting review
            </Badge>
            <Text size="xs" c="dimmed">
              requested {formatDateTime(pending.requestedAt)}
            </Text>
          </Group>
          <Table verticalSpacing={4} fz="sm" data-testid="as-of-pending-change">
            <Table.Tbody>
              {Object.entries(pending.fields).map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Td w="34%" c="dimmed">
                    {label(PROFILE_FIELD_LABELS, name)}
                  </Table.Td>
                  <Table.Td c="orange.8" style={{ overflowWrap: 'anywhere' }}>
                    {formatProfileValue(name, value)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Card>
  );
}
