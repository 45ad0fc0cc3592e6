import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ProfileFieldName } from '../../api/types';
import { t } from '../../i18n';
import { AddressInput, CountrySelect, EnumSelect, fieldLabel, NameInput, PeopleInput, SimpleInput, type ErrorsByPath } from './inputs';
import { FIELD_KINDS, type AddressDraft, type Draft, type NameDraft, type PersonDraft } from './profile-fields';

interface ProfileFieldRowProps {
  field: ProfileFieldName;
  draft: Draft;
  onChange: (draft: Draft) => void;
  errors: ErrorsByPath;
  /** Verified client: a change is reviewed by compliance. */
  reviewed: boolean;
  /** A change of this field is waiting for compliance. */
  pending: boolean;
}

export function isComposite(field: ProfileFieldName): boolean {
  return ['name', 'address', 'people', 'owners'].includes(FIELD_KINDS[field]);
}

/** One profile field: the right input for its kind, its errors, and whether a change is reviewed. */
export function ProfileFieldRow({ field, draft, onChange, errors, reviewed, pending }: ProfileFieldRowProps) {
  const kind = FIELD_KINDS[field];
  const badges = (
    <>
      {pending && (
        <Badge size="xs" color="orange" variant="light" data-testid="field-pending">
          {t('profile.pendingField')}
        </Badge>
      )}
      {reviewed && !pending && (
        <Badge size="xs" color="gray" variant="outline">
          {t('profile.reviewedField')}
        </Badge>
      )}
    </>
  );

  if (isComposite(field)) {
    return (
      <Stack gap={6} data-testid={`profile-${field}`} data-field={field}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {fieldLabel(field)}
          </Text>
          {badges}
        </Group>
        {errors[field] && (
          <Text size="xs" c="red">
            {errors[field]}
          </Text>
        )}
        {kind === 'name' && <NameInput value={draft as NameDraft} onChange={onChange} errors={errors} prefix={field} />}
        {kind === 'address' && <AddressInput value={draft as AddressDraft} onChange={onChange} errors={errors} prefix={field} />}
        {(kind === 'people' || kind === 'owners') && (
          <PeopleInput field={field} owners={kind === 'owners'} value={draft as PersonDraft[]} onChange={onChange} errors={errors} />
        )}
      </Stack>
    );
  }

  const value = draft as string;
  const set = (next: string) => onChange(next);
  return (
    <Stack gap={4} data-field={field}>
      {kind === 'country' ? (
        <CountrySelect label={fieldLabel(field)} value={value} onChange={set} error={errors[field]} testId={`profile-${field}`} />
      ) : kind === 'enum' ? (
        <EnumSelect field={field} value={value} onChange={set} error={errors[field]} />
      ) : (
        <SimpleInput field={field} type={kind === 'date' ? 'date' : 'text'} value={value} onChange={set} error={errors[field]} />
      )}
      {(pending || reviewed) && <Group gap="xs">{badges}</Group>}
    </Stack>
  );
}
