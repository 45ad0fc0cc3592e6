import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { backofficeApi } from '../api/backoffice';
import type { TotpEnrolment } from '../api/types';
import { AuthLayout } from '../components/AuthLayout';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';
import { checkForm, hasErrors, type FormErrors } from '../lib/validate';
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
  const [checked, setChecked] = useState<FormErrors<(typeof FIELDS)[number]>>({});
  const login = useSubmit(backofficeApi.login);
  const fieldErrors = { ...login.fieldErrors, ...checked };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = checkForm(
      { email, password },
      { required: FIELDS, email: ['email'] },
      { required: (field) => (field === 'email' ? 'Enter your work email address.' : 'Enter your password.'), email: 'Enter a valid email address.' },
    );
    setChecked(problems);
    if (hasErrors(problems)) return;
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
            onChange={(e) => {
              setEmail(e.currentTarget.value);
              setChecked(({ email: _fixed, ...rest }) => rest);
            }}
            error={fieldErrors['email']}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            withAsterisk
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setChecked(({ password: _fixed, ...rest }) => rest);
            }}
            error={fieldErrors['password']}
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
