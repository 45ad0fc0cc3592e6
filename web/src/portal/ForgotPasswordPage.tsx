import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { portalApi } from '../api/portal';
import { AuthLayout } from '../components/AuthLayout';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';
import { t } from '../i18n';
import { portalErrorMessage } from './errors';

const FIELDS = ['email'] as const;

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { run, loading, error, fieldErrors } = useSubmit(portalApi.requestPasswordReset);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The server answers 202 whatever the email (no account enumeration).
    const result = await run(email.trim());
    if (result.ok) setSent(true);
  }

  return (
    <AuthLayout brand={t('app.name')} title={t('forgot.title')}>
      {sent ? (
        <Alert color="green" variant="light" data-testid="forgot-password-sent">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={onSubmit} noValidate data-testid="forgot-password-form">
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('forgot.body')}
            </Text>
            <FormError error={error} fields={FIELDS} describe={portalErrorMessage} />
            <TextInput
              label={t('field.email')}
              type="email"
              autoComplete="email"
              withAsterisk
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldErrors['email']}
            />
            <Button type="submit" loading={loading} fullWidth>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" ta="center" size="sm">
        {t('forgot.back')}
      </Anchor>
    </AuthLayout>
  );
}
