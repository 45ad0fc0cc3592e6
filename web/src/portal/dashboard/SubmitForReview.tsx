import { Alert, Button, List, Stack } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useCallback } from 'react';
import { portalApi } from '../../api/portal';
import type { NextStep } from '../../api/types';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { portalErrorMessage } from '../errors';
import { useClientSession } from '../session';

function blockingSteps(details: unknown): NextStep[] {
  if (typeof details !== 'object' || details === null) return [];
  const steps = (details as { nextSteps?: unknown }).nextSteps;
  return Array.isArray(steps) ? (steps as NextStep[]) : [];
}

/** "Send for review": POST /api/portal/kyc/submit, then the session (next steps) reloads. */
export function SubmitForReview({ onSubmitted }: { onSubmitted?: () => void }) {
  const { reload } = useClientSession();
  const submit = useSubmit(useCallback(() => portalApi.submitKyc(), []));

  async function onClick() {
    const result = await submit.run();
    if (result.ok) {
      reload();
      onSubmitted?.();
    }
  }

  const blocking = submit.error?.code === 'application_incomplete' ? blockingSteps(submit.error.details) : [];
  return (
    <Stack gap="xs" align="flex-start">
      <Button leftSection={<IconSend size={16} />} onClick={() => void onClick()} loading={submit.loading} data-testid="submit-for-review">
        {t('submit.button')}
      </Button>
      {submit.error && (
        <Alert color="red" variant="light" data-testid="submit-error" w="100%">
          {blocking.length > 0 ? (
            <>
              {t('submit.incomplete')}
              <List size="sm" mt={4}>
                {blocking.map((step) => (
                  <List.Item key={step.code}>
                    <b>{step.title}</b>: {step.detail}
                  </List.Item>
                ))}
              </List>
            </>
          ) : (
            portalErrorMessage(submit.error)
          )}
        </Alert>
      )}
    </Stack>
  );
}
