import { Anchor, Button, Center, Code, Image, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { backofficeApi } from '../api/backoffice';
import type { TotpEnrolment } from '../api/types';
import { FormError } from '../components/FormError';
import { useSubmit } from '../hooks/useSubmit';

interface TotpFormProps {
  /** Present on first login: the secret to enrol in an authenticator app. */
  enrolment: TotpEnrolment | null;
  onSuccess: () => void;
  /** Back to the password step (e.g. the half-open login expired). */
  onRestart: () => void;
}

export function TotpForm({ enrolment, onSuccess, onRestart }: TotpFormProps) {
  const [code, setCode] = useState('');
  const totp = useSubmit(backofficeApi.loginTotp);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await totp.run(code);
    if (result.ok) onSuccess();
    else if (result.error.code === 'totp_invalid') setCode('');
  }

  // A 401 other than a wrong code means the pending login is gone: start again.
  const expired = totp.error?.status === 401 && totp.error.code !== 'totp_invalid';

  return (
    <Stack gap="md">
      {enrolment && (
        <Stack gap="xs" data-testid="totp-enrolment">
          <Center>
            <Image src={enrolment.qrDataUrl} alt="QR code for your authenticator app" w={200} h={200} fit="contain" />
          </Center>
          <Text size="sm" c="dimmed">
            Can't scan it? Enter this secret manually:
          </Text>
          <Code block data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
            {enrolment.secret}
          </Code>
        </Stack>
      )}
      <form onSubmit={onSubmit} noValidate data-testid="totp-form">
        <Stack gap="md">
          <FormError error={totp.error} fields={['code']} />
          <TextInput
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            placeholder="123456"
            withAsterisk
            autoFocus
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
            error={totp.fieldErrors['code']}
          />
          <Button type="submit" loading={totp.loading} disabled={code.length !== 6} fullWidth>
            Verify
          </Button>
        </Stack>
      </form>
      <Anchor component="button" type="button" size="sm" onClick={onRestart} fw={expired ? 700 : undefined}>
        {expired ? 'Your login step expired: start again' : 'Back to log in'}
      </Anchor>
    </Stack>
  );
}
