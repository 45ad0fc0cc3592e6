import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { backofficeApi } from '../api/backoffice';
import type { TotpEnrolment } from '../api/types';
import { AuthLayout } from '../components/AuthLayout';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';
import { TotpForm } from './TotpForm';

const FIELDS = ['email', 'password'] as const;

type Stage = { kind: 'credentials' } | { kind: 'totp'; enrolment: TotpEnrolment | null };

/** `/backoffice/login`: password, then TOTP (with enrolment on first login). */
export function StaffLoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [stage, setStage] = useState<Stage>({ kind: 'credentials' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useSubmit(backofficeApi.login);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await login.run(email.trim(), password);
    if (!result.ok) return;
    setPassword('');
    const answer = result.value;
    setStage({ kind: 'totp', enrolment: answer.stage === 'totp_enrolment' ? answer.enrolment : null });
  }

  if (stage.kind === 'totp') {
    return (
      <AuthLayout
        brand="Traderoom back office"
        title={stage.enrolment ? 'Set up two-factor authentication' : 'Two-factor authentication'}
        subtitle={
          stage.enrolment
            ? 'Scan the QR code with your authenticator app, then enter the 6-digit code it shows.'
            : 'Enter the 6-digit code from your authenticator app.'
        }
      >
        <TotpForm
          enrolment={stage.enrolment}
          onSuccess={() => navigate(safeFrom(from), { replace: true })}
          onRestart={() => setStage({ kind: 'credentials' })}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout brand="Traderoom back office" title="Staff log in">
      <form onSubmit={onSubmit} noValidate data-testid="staff-login-form">
        <Stack gap="md">
          <FormError error={login.error} fields={FIELDS} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            withAsterisk
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={login.fieldErrors['email']}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            withAsterisk
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={login.fieldErrors['password']}
          />
          <Button type="submit" loading={login.loading} fullWidth>
            Continue
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}

function safeFrom(from: string | undefined): string {
  if (!from || !from.startsWith('/backoffice/') || from.startsWith('/backoffice/login')) return '/backoffice/clients';
  return from;
}
