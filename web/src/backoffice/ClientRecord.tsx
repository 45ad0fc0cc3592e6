import { Card, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ClientDetail } from '../api/types';
import { formatDateTime, humanize } from '../lib/format';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

/** The client's base record, as a read-only card. */
export function ClientRecord({ client }: { client: ClientDetail }) {
  return (
    <Card withBorder radius="md" padding="lg" data-testid="client-record">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md">
        <Field label="Email">{client.email}</Field>
        <Field label="First name">{client.firstName || '—'}</Field>
        <Field label="Last name">{client.lastName || '—'}</Field>
        <Field label="Country">{client.country}</Field>
        <Field label="Client type">{humanize(client.clientType)}</Field>
        <Field label="Entity">
          {client.entity.name} ({client.entity.id})
        </Field>
        <Field label="Status">{humanize(client.status)}</Field>
        <Field label="Verification level">{humanize(String(client.verificationLevel))}</Field>
        <Field label="Email verified">{client.emailVerifiedAt ? formatDateTime(client.emailVerifiedAt) : 'Not yet'}</Field>
        <Field label="Created">{formatDateTime(client.createdAt)}</Field>
        <Field label="Client ID">
          <Text span ff="monospace" size="xs">
            {client.id}
          </Text>
        </Field>
      </SimpleGrid>
    </Card>
  );
}
