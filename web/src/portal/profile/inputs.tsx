import { ActionIcon, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { ProfileFieldName } from '../../api/types';
import { t, tOptional, type MessageKey } from '../../i18n';
import { countryOptions } from '../../lib/countries';
import { humanize } from '../../lib/format';
import { emptyPerson, ENUM_OPTIONS, type AddressDraft, type NameDraft, type PersonDraft } from './profile-fields';

/** Field errors by path (`residential_address.city`, `directors.0.fullName`). */
export type ErrorsByPath = Record<string, string>;

export function fieldLabel(field: ProfileFieldName): string {
  return tOptional(`profileField.${field}`) ?? humanize(field);
}

/** Server messages are precise; the bare "Required" becomes the form's usual wording. */
function errorText(message: string | undefined): string | undefined {
  if (!message) return undefined;
  if (message === 'Required' || message.startsWith('Invalid input')) return t('form.required');
  return message;
}

/** A label with a quiet "(optional)" after it, so optional inputs line up with the others. */
function OptionalLabel({ text }: { text: string }) {
  return (
    <>
      {text}{' '}
      <Text span size="xs" c="dimmed" fw={400}>
        ({t('profile.optional').toLowerCase()})
      </Text>
    </>
  );
}

export function useCountryOptions() {
  return useMemo(() => countryOptions(), []);
}

export function CountrySelect({ label, value, onChange, error, testId }: { label: string; value: string; onChange: (value: string) => void; error?: string; testId?: string }) {
  const options = useCountryOptions();
  return (
    <Select
      label={label}
      placeholder={t('profile.select')}
      searchable
      data={options}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      error={errorText(error)}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function EnumSelect({ field, value, onChange, error }: { field: ProfileFieldName; value: string; onChange: (value: string) => void; error?: string }) {
  const options = (ENUM_OPTIONS[field] ?? []).map((code) => ({ value: code, label: tOptional(`${field}.${code}`) ?? humanize(code) }));
  return (
    <Select
      label={fieldLabel(field)}
      placeholder={t('profile.select')}
      data={options}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      error={errorText(error)}
      data-testid={`profile-${field}`}
    />
  );
}

export function SimpleInput({ field, type, value, onChange, error }: { field: ProfileFieldName; type: 'text' | 'date'; value: string; onChange: (value: string) => void; error?: string }) {
  return (
    <TextInput
      label={fieldLabel(field)}
      type={type}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={errorText(error)}
      data-testid={`profile-${field}`}
    />
  );
}

export function NameInput({ value, onChange, errors, prefix }: { value: NameDraft; onChange: (value: NameDraft) => void; errors: ErrorsByPath; prefix: string }) {
  const part = (key: keyof NameDraft, label: MessageKey, optional = false) => (
    <TextInput
      label={optional ? <OptionalLabel text={t(label)} /> : t(label)}
      value={value[key]}
      onChange={(e) => onChange({ ...value, [key]: e.currentTarget.value })}
      error={errorText(errors[`${prefix}.${key}`])}
      autoComplete={key === 'firstName' ? 'given-name' : key === 'lastName' ? 'family-name' : 'additional-name'}
    />
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      {part('firstName', 'name.firstName')}
      {part('middleName', 'name.middleName', true)}
      {part('lastName', 'name.lastName')}
    </SimpleGrid>
  );
}

export function AddressInput({ value, onChange, errors, prefix }: { value: AddressDraft; onChange: (value: AddressDraft) => void; errors: ErrorsByPath; prefix: string }) {
  const text = (key: Exclude<keyof AddressDraft, 'country'>, label: MessageKey, autoComplete: string, optional = false) => (
    <TextInput
      label={optional ? <OptionalLabel text={t(label)} /> : t(label)}
      value={value[key]}
      onChange={(e) => onChange({ ...value, [key]: e.currentTarget.value })}
      error={errorText(errors[`${prefix}.${key}`])}
      autoComplete={autoComplete}
    />
  );
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text('line1', 'address.line1', 'address-line1')}
        {text('line2', 'address.line2', 'address-line2', true)}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {text('city', 'address.city', 'address-level2')}
        {text('postalCode', 'address.postalCode', 'postal-code')}
        <CountrySelect label={t('address.country')} value={value.country} onChange={(country) => onChange({ ...value, country })} error={errors[`${prefix}.country`]} />
      </SimpleGrid>
    </Stack>
  );
}

/** Directors or beneficial owners: a list of people; owners also have an ownership share. */
export function PeopleInput({ field, owners, value, onChange, errors }: { field: ProfileFieldName; owners: boolean; value: PersonDraft[]; onChange: (value: PersonDraft[]) => void; errors: ErrorsByPath }) {
  const update = (index: number, person: PersonDraft) => onChange(value.map((p, i) => (i === index ? person : p)));
  return (
    <Stack gap="sm">
      {value.map((person, index) => {
        const path = (key: string) => errorText(errors[`${field}.${index}.${key}`]);
        return (
          <Paper key={index} withBorder p="sm" radius="md" data-testid={`${field}-person`}>
            <Group justify="space-between" mb="xs">
              <Text size="sm" fw={600}>
                {t('profile.person', { n: index + 1 })}
              </Text>
              {value.length > 1 && (
                <ActionIcon variant="subtle" color="red" aria-label={t('profile.remove')} onClick={() => onChange(value.filter((_, i) => i !== index))}>
                  <IconTrash size={16} />
                </ActionIcon>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: owners ? 4 : 3 }}>
              <TextInput label={t('person.fullName')} value={person.fullName} onChange={(e) => update(index, { ...person, fullName: e.currentTarget.value })} error={path('fullName')} />
              <TextInput
                label={<OptionalLabel text={t('person.dateOfBirth')} />}
                type="date"
                value={person.dateOfBirth}
                onChange={(e) => update(index, { ...person, dateOfBirth: e.currentTarget.value })}
                error={path('dateOfBirth')}
              />
              <CountrySelect label={t('person.nationality')} value={person.nationality} onChange={(nationality) => update(index, { ...person, nationality })} error={errors[`${field}.${index}.nationality`]} />
              {owners && (
                <NumberInput
                  label={t('person.ownershipPercent')}
                  min={0}
                  max={100}
                  decimalScale={2}
                  value={person.ownershipPercent}
                  onChange={(v) => update(index, { ...person, ownershipPercent: String(v) })}
                  error={path('ownershipPercent')}
                />
              )}
            </SimpleGrid>
          </Paper>
        );
      })}
      <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => onChange([...value, emptyPerson()])} disabled={value.length >= 20}>
        {t(owners ? 'profile.add.beneficial_owners' : 'profile.add.directors')}
      </Button>
    </Stack>
  );
}
