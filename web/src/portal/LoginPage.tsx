import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { portalApi } from '../api/portal';
import { AuthLayout } from '../components/AuthLayout';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';
import { t } from '../i18n';
import { checkForm, hasErrors, type FormErrors } from '../lib/validate';
import { portalErrorMessage } from './errors';

const FIELDS = ['email', 'password'] as const;

export interface LoginLocationState {
  from?: string;
  notice?: 'verified' | 'passwordReset';
}

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginLocationState;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [checked, setChecked] = useState<FormErrors<(typeof FIELDS)[number]>>({});
  const { run, loading, error, fieldErrors: serverErrors } = useSubmit(portalApi.login);
  const fieldErrors = { ...serverErrors, ...checked };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = checkForm({ email, password }, { required: FIELDS, email: ['email'] }, { required: () => t('form.required'), email: t('form.invalidEmail') });
    setChecked(problems);
    if (hasErrors(problems)) return;
    const result = await run(email.trim(), password);
    if (result.ok) navigate(safeFrom(state.from), { replace: true });
  }

  return (
    <AuthLayout brand={t('app.name')} title={t('login.title')} subtitle={t('login.subtitle')}>
      {state.notice && (
        <Alert color="green" variant="light" data-testid="login-notice">
          {t(state.notice === 'verified' ? 'login.verified' : 'login.passwordReset')}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate data-testid="login-form">
        <Stack gap="md">
          <FormError error={error} fields={FIELDS} describe={portalErrorMessage} />
          <TextInput
            label={t('field.email')}
            type="email"
            autoComplete="email"
            withAsterisk
            value={email}
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              setChecked(({ email: _fixed, ...rest }) => rest);
            }}
            error={fieldErrors['email']}
          />
          <PasswordInput
            label={t('field.password')}
            autoComplete="current-password"
            withAsterisk
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setChecked(({ password: _fixed, ...rest }) => rest);
            }}
            error={fieldErrors['password']}
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('login.forgot')}
            </Anchor>
          </Group>
          <Button type="submit" loading={loading} fullWidth>
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
      <Text size="sm" ta="center">
        {t('login.noAccount')}{' '}
        <Anchor component={Link} to="/register">
          {t('login.register')}
        </Anchor>
      </Text>
    </AuthLayout>
  );
}

/** Only same-app paths, never a back-office or external address. */
function safeFrom(from: string | undefined): string {
  if (!from || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/backoffice')) return '/';
  if (from.startsWith('/login')) return '/';
  return from;
}
