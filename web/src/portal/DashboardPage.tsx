import { Badge, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
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
        <Group gap="lg" mt="xs" style={{ rowGap: 'var(--mantine-spacing-xs)' }}>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {t('dashboard.status')}:
            </Text>
            <Badge color={statusColor(client.status)} variant="light" data-testid="account-status">
              {status}
            </Badge>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed">
              {t('dashboard.verificationLevel')}:
            </Text>
            <Badge color="gray" variant="outline" data-testid="verification-level">
              {tOptional(`verificationLevel.${level}`) ?? humanize(level)}
            </Badge>
          </Group>
        </Group>
      </div>

      <NextSteps steps={nextSteps} />

      <Text size="xs" c="dimmed" data-testid="entity">
        {client.entity.regulator
          ? t('dashboard.entity', { entity: client.entity.name, regulator: client.entity.regulator })
          : t('dashboard.entityUnregulated', { entity: client.entity.name })}
      </Text>
    </Stack>
  );
}

function NextSteps({ steps }: { steps: NextStep[] }) {
  return (
    <Card withBorder shadow="sm" radius="md" padding="lg" data-testid="next-steps">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t(steps.length > 1 ? 'dashboard.nextSteps' : 'dashboard.nextStep')}
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
        <Stack component="ol" gap="md" m={0} p={0} style={{ listStyle: 'none' }}>
          {steps.map((step, index) => (
            <Group component="li" key={step.code} gap="sm" wrap="nowrap" align="flex-start" data-testid="next-step" data-code={step.code}>
              <ThemeIcon color="indigo" variant="light" radius="xl" size="md" aria-hidden>
                {steps.length > 1 ? (
                  <Text span size="xs" fw={700}>
                    {index + 1}
                  </Text>
                ) : (
                  <IconArrowRight size={16} />
                )}
              </ThemeIcon>
              <div>
                <Text fw={700}>{step.title}</Text>
                <Text size="sm" c="dimmed">
                  {step.detail}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
