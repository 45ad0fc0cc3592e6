import { Badge, Card, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconCircleCheck } from '@tabler/icons-react';
import type { NextStep } from '../api/types';
import { t, tOptional } from '../i18n';
import { humanize, statusColor } from '../lib/format';
import { useClientSession } from './session';

/** `/`: greeting, account status and the client's exact next step(s). */
export function DashboardPage() {
  const { me } = useClientSession();
  const { client, nextSteps } = me;
  const status = tOptional(`status.${client.status}`) ?? humanize(client.status);
  const level = String(client.verificationLevel);

  return (
    <Stack gap="lg" py="md">
      <div>
        <Title order={1} size="h2" data-testid="greeting">
          {t('dashboard.greeting', { name: client.firstName || client.email })}
        </Title>
        <Group gap="xs" mt="xs">
          <Text size="sm" c="dimmed">
            {t('dashboard.status')}:
          </Text>
          <Badge color={statusColor(client.status)} variant="light" data-testid="account-status">
            {status}
          </Badge>
          <Text size="sm" c="dimmed" ms="md">
            {t('dashboard.verificationLevel')}:
          </Text>
          <Badge color="gray" variant="outline" data-testid="verification-level">
            {tOptional(`verificationLevel.${level}`) ?? humanize(level)}
          </Badge>
        </Group>
      </div>

      <NextSteps steps={nextSteps} />

      <Text size="xs" c="dimmed" data-testid="entity">
        {t('dashboard.entity', { entity: client.entity.name, regulator: client.entity.regulator })}
      </Text>
    </Stack>
  );
}

function NextSteps({ steps }: { steps: NextStep[] }) {
  return (
    <Card withBorder shadow="sm" radius="md" padding="lg" data-testid="next-steps">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="sm">
        {t('dashboard.nextStep')}
      </Text>
      {steps.length === 0 ? (
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon color="green" variant="light" radius="xl" size="lg">
            <IconCircleCheck size={20} />
          </ThemeIcon>
          <div>
            <Text fw={700}>{t('dashboard.allSet')}</Text>
            <Text size="sm" c="dimmed">
              {t('dashboard.allSet.detail')}
            </Text>
          </div>
        </Group>
      ) : (
        <List
          spacing="md"
          center={false}
          icon={
            <ThemeIcon color="indigo" variant="light" radius="xl" size="md">
              <IconArrowRight size={16} />
            </ThemeIcon>
          }
        >
          {steps.map((step) => (
            <List.Item key={step.code} data-testid="next-step" data-code={step.code}>
              <Text fw={700}>{step.title}</Text>
              <Text size="sm" c="dimmed">
                {step.detail}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
