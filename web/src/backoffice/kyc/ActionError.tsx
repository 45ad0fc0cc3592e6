import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ApiError } from '../../api/client';
import { actionErrorMessage } from './labels';

/** A refused action, in plain words; a changed case offers to reload it. */
export function ActionError({ error, onReload }: { error: ApiError | null; onReload?: () => void }) {
  if (!error) return null;
  const stale = error.code === 'stale_case' || error.code === 'illegal_transition' || error.code === 'not_assignee';
  return (
    <Alert
      color={error.status === 409 ? 'orange' : 'red'}
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={error.status === 409 ? 'Not done: the case changed' : error.status === 403 ? 'Not allowed' : 'Not done'}
      data-testid="action-error"
      data-code={error.code}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{actionErrorMessage(error)}</Text>
        {stale && onReload && (
          <Button size="compact-sm" variant="white" color="orange" onClick={onReload} data-testid="action-error-reload">
            Reload the case
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
