import { Alert, Button, Card, Checkbox, Code, CopyButton, Group, MultiSelect, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../api/backoffice';
import type { CreateStaffResult } from '../api/types';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';
import { STAFF_ROLES } from './roles';

const FIELDS = ['email', 'displayName', 'roles', 'entityIds'] as const;

/** Create a staff account; the temporary password is shown once, here. */
export function CreateStaffForm({ onCreated }: { onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [allEntities, setAllEntities] = useState(false);
  const [entityIds, setEntityIds] = useState<string[]>([]);
  const [created, setCreated] = useState<CreateStaffResult | null>(null);
  const create = useSubmit(backofficeApi.createStaff);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const result = await create.run({
      email: email.trim(),
      displayName: displayName.trim(),
      roles,
      entityIds: allEntities ? 'all' : entityIds,
    });
    if (!result.ok) return;
    setCreated(result.value);
    setEmail('');
    setDisplayName('');
    setRoles([]);
    setAllEntities(false);
    setEntityIds([]);
    onCreated();
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4" mb="md">
        New staff member
      </Title>
      {created && (
        <Alert color="green" variant="light" mb="md" title={`Created ${created.staff.email}`} data-testid="staff-created">
          <Text size="sm">Give them this temporary password. It is shown only once.</Text>
          <Group gap="xs" mt="xs">
            <Code fz="sm" data-testid="temporary-password">
              {created.temporaryPassword}
            </Code>
            <CopyButton value={created.temporaryPassword}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="light" onClick={copy}>
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate data-testid="create-staff-form">
        <Stack gap="md">
          <FormError error={create.error} fields={FIELDS} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Email"
              type="email"
              withAsterisk
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={create.fieldErrors['email']}
            />
            <TextInput
              label="Display name"
              withAsterisk
              value={displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)}
              error={create.fieldErrors['displayName']}
            />
            <MultiSelect
              label="Roles"
              withAsterisk
              data={[...STAFF_ROLES]}
              value={roles}
              onChange={setRoles}
              error={create.fieldErrors['roles']}
            />
            <Stack gap={6}>
              <TagsInput
                label="Entities"
                description="Entity IDs this person may see; press Enter after each"
                value={entityIds}
                onChange={setEntityIds}
                disabled={allEntities}
                error={create.fieldErrors['entityIds']}
              />
              <Checkbox
                label="All entities"
                checked={allEntities}
                onChange={(e) => setAllEntities(e.currentTarget.checked)}
              />
            </Stack>
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={create.loading}>
              Create staff member
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
