import { Alert, Anchor, Group, Loader, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { toApiError, type ApiError } from '../api/client';
import { portalApi } from '../api/portal';
import { AuthLayout } from '../components/AuthLayout';
import { t } from '../i18n';
import { portalErrorMessage } from './errors';
import type { LoginLocationState } from './LoginPage';

type State = { kind: 'pending' } | { kind: 'verified' } | { kind: 'failed'; error: ApiError };

/** `/verify-email?token=…`: posts the token once on arrival and shows the outcome. */
export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<State>({ kind: 'pending' });
  // A token is single-use: keep the one request even if the effect runs twice (StrictMode).
  const attempt = useRef<{ token: string; promise: Promise<unknown> } | null>(null);

  useEffect(() => {
    if (!token) return;
    if (attempt.current?.token !== token) {
      attempt.current = { token, promise: portalApi.verifyEmail(token) };
    }
    let active = true;
    attempt.current.promise.then(
      () => active && setState({ kind: 'verified' }),
      (error: unknown) => active && setState({ kind: 'failed', error: toApiError(error) }),
    );
    return () => {
      active = false;
    };
  }, [token]);

  const loginState: LoginLocationState = { notice: 'verified' };

  return (
    <AuthLayout brand={t('app.name')} title={t('verify.title')}>
      <div data-testid="verify-email-result" data-state={token ? state.kind : 'failed'}>
        {!token ? (
          <Alert color="red" variant="light">
            {t('verify.missingToken')}
          </Alert>
        ) : state.kind === 'pending' ? (
          <Group gap="sm">
            <Loader size="sm" />
            <Text>{t('verify.pending')}</Text>
          </Group>
        ) : state.kind === 'verified' ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />}>
            {t('verify.success')}
          </Alert>
        ) : (
          <Alert color="red" variant="light">
            {portalErrorMessage(state.error)}
          </Alert>
        )}
      </div>
      <Anchor component={Link} to="/login" state={state.kind === 'verified' ? loginState : undefined} ta="center">
        {t('verify.login')}
      </Anchor>
    </AuthLayout>
  );
}
