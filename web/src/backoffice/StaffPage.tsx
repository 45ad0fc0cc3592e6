import { Alert, Badge, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { backofficeApi } from '../api/backoffice';
import type { StaffMember } from '../api/types';
import { useLoad } from '../hooks/useLoad';
import { formatDateTime } from '../lib/format';
import { CreateStaffForm } from './CreateStaffForm';
import { useStaffSession } from './session';

/** `/backoffice/staff` (admins): list staff and create new staff accounts. */
export function StaffPage() {
  const { isAdmin } = useStaffSession();
  if (!isAdmin) {
    return (
      <Alert color="red" variant="light" title="Not allowed">
        Only administrators can manage staff.
      </Alert>
    );
  }
  return <StaffAdmin />;
}

function StaffAdmin() {
  const { data, error, loading, reload } = useLoad((signal) => backofficeApi.staff(signal), []);
  const items = data?.items ?? [];

  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        Staff
      </Title>
      <CreateStaffForm onCreated={reload} />
      {error && (
        <Alert color="red" variant="light" title="Could not load staff">
          {error.message}
        </Alert>
      )}
      {loading && !data ? (
        <Center>
          <Loader size="sm" aria-label="Loading staff" />
        </Center>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="staff-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Roles</Table.Th>
                <Table.Th>Entities</Table.Th>
                <Table.Th>2FA</Table.Th>
                <Table.Th>Active</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((member) => (
                <StaffRow key={member.id} member={member} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!loading && !error && items.length === 0 && <Text c="dimmed">No staff yet.</Text>}
    </Stack>
  );
}

function StaffRow({ member }: { member: StaffMember }) {
  return (
    <Table.Tr data-testid="staff-row" data-staff-id={member.id}>
      <Table.Td>{member.displayName}</Table.Td>
      <Table.Td>{member.email}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {member.roles.map((role) => (
            <Badge key={role} size="sm" variant="light">
              {role}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{member.entityIds === 'all' ? 'All' : member.entityIds.join(', ') || '—'}</Table.Td>
      <Table.Td>{yesNo(member.totpEnrolled, 'TOTP enrolled', 'TOTP not enrolled')}</Table.Td>
      <Table.Td>{yesNo(member.active, 'Active', 'Inactive')}</Table.Td>
      <Table.Td>{formatDateTime(member.createdAt)}</Table.Td>
    </Table.Tr>
  );
}

function yesNo(value: boolean, yes: string, no: string) {
  return value ? (
    <IconCheck size={16} color="var(--mantine-color-green-7)" aria-label={yes} />
  ) : (
    <IconX size={16} color="var(--mantine-color-gray-6)" aria-label={no} />
  );
}
