import { Button, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight, IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import type { NextStep } from '../../api/types';
import { t } from '../../i18n';
import { stepDocumentTypes, stepTarget } from '../steps';
import { SubmitForReview } from './SubmitForReview';

/** The client's exact next steps, each with the way to do it. */
export function NextStepsCard({ steps }: { steps: NextStep[] }) {
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
              <Stack gap={6} style={{ flex: 1 }}>
                <div>
                  <Text fw={700} data-testid="next-step-title">
                    {step.title}
                  </Text>
                  <Text size="sm" c="dimmed" data-testid="next-step-detail">
                    {step.detail}
                  </Text>
                </div>
                <StepAction step={step} />
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function StepAction({ step }: { step: NextStep }) {
  const target = stepTarget(step.code);
  if (target === 'submit') return <SubmitForReview />;
  if (target === 'profile') {
    return (
      <LinkButton to="/profile" testId="step-action">
        {t('step.go.profile')}
      </LinkButton>
    );
  }
  if (target === 'documents') {
    const types = stepDocumentTypes(step.code);
    return (
      <LinkButton to={`/documents?type=${encodeURIComponent(types.join('|'))}`} testId="step-action">
        {t('step.go.documents')}
      </LinkButton>
    );
  }
  if (target === 'payments') {
    return (
      <LinkButton to="/funds" testId="step-action">
        {t('step.go.deposit')}
      </LinkButton>
    );
  }
  return null;
}

function LinkButton({ to, testId, children }: { to: string; testId: string; children: string }) {
  return (
    <Button component={Link} to={to} size="xs" variant="light" w="fit-content" rightSection={<IconArrowRight size={14} />} data-testid={testId}>
      {children}
    </Button>
  );
}
