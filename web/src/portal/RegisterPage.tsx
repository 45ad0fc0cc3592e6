import { Alert, Anchor, Button, Center, Group, Loader, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { portalApi } from '../api/portal';
import type { ClientType } from '../api/types';
import { AuthLayout } from '../components/AuthLayout';
import { FormError } from '../components/FormError';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { t, tOptional } from '../i18n';
import { checkForm, hasErrors, type FormErrors } from '../lib/validate';
import { portalErrorMessage } from './errors';

const FIELDS = ['email', 'password', 'country', 'clientType', 'firstName', 'lastName'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const EMPTY: Values = { email: '', password: '', country: '', clientType: '', firstName: '', lastName: '' };

export function RegisterPage() {
  const options = useLoad((signal) => portalApi.registrationOptions(signal), []);
  const [values, setValues] = useState<Values>(EMPTY);
  const [done, setDone] = useState(false);
  const [checked, setChecked] = useState<FormErrors<Field>>({});
  const { run, loading, error, fieldErrors: serverErrors } = useSubmit(portalApi.register);

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setChecked(({ [field]: _fixed, ...rest }) => rest);
  };
  // Most clients are individuals: preselect the first offered client type.
  const clientType = values.clientType || options.data?.clientTypes[0] || '';
  // What the browser found wrong comes first; then what the server said.
  const fieldErrors: FormErrors<Field> = { ...serverErrors, ...checked };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = checkForm(
      { ...values, clientType },
      { required: FIELDS, email: ['email'] },
      {
        required: (field) =>
          field === 'country' ? t('field.country.required') : field === 'clientType' ? t('field.clientType.required') : t('form.required'),
        email: t('form.invalidEmail'),
      },
    );
    setChecked(problems);
    if (hasErrors(problems)) return;
    const result = await run({
      email: values.email.trim(),
      password: values.password,
      country: values.country,
      clientType: clientType as ClientType,
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
    });
    if (result.ok) setDone(true);
  }

  if (done) {
    return (
      <AuthLayout brand={t('app.name')} title={t('register.success.title')}>
        <Alert color="green" variant="light" icon={<IconMailCheck size={18} />} data-testid="register-success">
          <Text fw={600}>{t('register.success.body')}</Text>
          <Text size="sm" mt={4}>
            {t('register.success.hint')}
          </Text>
        </Alert>
        <Anchor component={Link} to="/login" ta="center">
          {t('register.login')}
        </Anchor>
      </AuthLayout>
    );
  }

  const countryError = checked.country ?? (error?.code === 'country_not_served' ? portalErrorMessage(error) : serverErrors['country']);
  const formError = error?.code === 'country_not_served' ? null : error;

  return (
    <AuthLayout brand={t('app.name')} title={t('register.title')}>
      {options.error && (
        <Alert color="red" variant="light" title={t('register.optionsError')}>
          {portalErrorMessage(options.error)}
        </Alert>
      )}
      {options.loading && !options.data ? (
        <Center py="xl">
          <Loader aria-label={t('app.loading')} />
        </Center>
      ) : (
        <form onSubmit={onSubmit} noValidate data-testid="register-form">
          <Stack gap="md">
            <FormError error={formError} fields={FIELDS} describe={portalErrorMessage} />
            <Group grow align="flex-start">
              <TextInput
                label={t('field.firstName')}
                autoComplete="given-name"
                withAsterisk
                value={values.firstName}
                onChange={(e) => set('firstName')(e.currentTarget.value)}
                error={fieldErrors['firstName']}
              />
              <TextInput
                label={t('field.lastName')}
                autoComplete="family-name"
                withAsterisk
                value={values.lastName}
                onChange={(e) => set('lastName')(e.currentTarget.value)}
                error={fieldErrors['lastName']}
              />
            </Group>
            <TextInput
              label={t('field.email')}
              type="email"
              autoComplete="email"
              withAsterisk
              value={values.email}
              onChange={(e) => set('email')(e.currentTarget.value)}
              error={fieldErrors['email']}
            />
            <PasswordInput
              label={t('field.password')}
              autoComplete="new-password"
              withAsterisk
              value={values.password}
              onChange={(e) => set('password')(e.currentTarget.value)}
              error={fieldErrors['password']}
            />
            <Select
              label={t('field.country')}
              placeholder={t('field.country.placeholder')}
              withAsterisk
              searchable
              data={(options.data?.countries ?? []).map((c) => ({ value: c.code, label: c.name }))}
              value={values.country || null}
              onChange={(value) => set('country')(value ?? '')}
              error={countryError}
              data-testid="country-select"
            />
            <Select
              label={t('field.clientType')}
              withAsterisk
              data={(options.data?.clientTypes ?? []).map((type) => ({
                value: type,
                label: tOptional(`clientType.${type}`) ?? type,
              }))}
              value={clientType || null}
              onChange={(value) => set('clientType')(value ?? '')}
              error={fieldErrors['clientType']}
              data-testid="client-type-select"
            />
            <Button type="submit" loading={loading} fullWidth>
              {t('register.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Text size="sm" ta="center">
        {t('register.haveAccount')}{' '}
        <Anchor component={Link} to="/login">
          {t('register.login')}
        </Anchor>
      </Text>
    </AuthLayout>
  );
}
