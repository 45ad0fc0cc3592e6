import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { portalApi } from '../api/portal';
import { AuthLayout } from '../components/AuthLayout';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';
import { t } from '../i18n';
import { portalErrorMessage } from './errors';
import type { LoginLocationState } from './LoginPage';

const FIELDS = ['password'] as const;

/** `/reset-password?token=…`: choose a new password. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const { run, loading, error, fieldErrors } = useSubmit(portalApi.confirmPasswordReset);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(token, password);
    if (result.ok) setDone(true);
  }

  const loginState: LoginLocationState = { notice: 'passwordReset' };

  if (!token) {
    return (
      <AuthLayout brand={t('app.name')} title={t('reset.title')}>
        <Alert color="red" variant="light">
          {t('reset.missingToken')}
        </Alert>
        <Anchor component={Link} to="/forgot-password" ta="center">
          {t('reset.requestNew')}
        </Anchor>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout brand={t('app.name')} title={t('reset.title')}>
      {done ? (
        <>
          <Alert color="green" variant="light" data-testid="reset-password-done">
            {t('reset.success')}
          </Alert>
          <Anchor component={Link} to="/login" state={loginState} ta="center">
            {t('reset.login')}
          </Anchor>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate data-testid="reset-password-form">
          <Stack gap="md">
            <FormError error={error} fields={FIELDS} describe={portalErrorMessage} />
            {error?.code === 'token_invalid' && (
              <Anchor component={Link} to="/forgot-password" size="sm">
                {t('reset.requestNew')}
              </Anchor>
            )}
            <PasswordInput
              label={t('field.newPassword')}
              autoComplete="new-password"
              withAsterisk
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors['password']}
            />
            <Button type="submit" loading={loading} fullWidth>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
