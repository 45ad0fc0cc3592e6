import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconRosetteDiscountCheck } from '@tabler/icons-react';
import { useEffect } from 'react';
import { t, tOptional } from '../i18n';
import { humanize, statusColor } from '../lib/format';
import { NextStepsCard } from './dashboard/NextStepsCard';
import { PaymentMethodsCard } from './dashboard/PaymentMethodsCard';
import { useClientSession } from './session';
import { isUnderReview } from './steps';

/** `/`: greeting, account and verification status, the client's exact next step(s), payment methods. */
export function DashboardPage() {
  const { me, reload } = useClientSession();
  const { client, nextSteps, capabilities } = me;
  const status = tOptional(`status.${client.status}`) ?? humanize(client.status);
  const level = String(client.verificationLevel);
  const verified = level === 'verified';
  const underReview = isUnderReview(nextSteps);
  const moreDocuments = nextSteps.some((step) => step.code.startsWith('provide_documents:'));

  // The steps change as compliance works: fetch them fresh whenever the dashboard opens.
  useEffect(() => reload(), [reload]);

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
            <Badge
              color={verified ? 'green' : 'gray'}
              variant={verified ? 'filled' : 'outline'}
              leftSection={verified ? <IconRosetteDiscountCheck size={14} /> : undefined}
              data-testid="verification-level"
              data-level={level}
            >
              {tOptional(`verificationLevel.${level}`) ?? humanize(level)}
            </Badge>
            {!verified && (underReview || moreDocuments) && (
              <Badge color={underReview ? 'violet' : 'orange'} variant="light" data-testid="kyc-status">
                {t(underReview ? 'dashboard.underReview' : 'dashboard.moreDocuments')}
              </Badge>
            )}
          </Group>
        </Group>
      </div>

      <NextStepsCard steps={nextSteps} />

      {capabilities && <PaymentMethodsCard capabilities={capabilities} />}

      <Text size="xs" c="dimmed" data-testid="entity">
        {client.entity.regulator
          ? t('dashboard.entity', { entity: client.entity.name, regulator: client.entity.regulator })
          : t('dashboard.entityUnregulated', { entity: client.entity.name })}
      </Text>
    </Stack>
  );
}
