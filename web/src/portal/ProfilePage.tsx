import { Alert, Button, Card, Fieldset, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { portalApi } from '../api/portal';
import type { Profile, ProfileFieldName, ProfileUpdateResult } from '../api/types';
import { LoadingScreen } from '../components/LoadingScreen';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { t } from '../i18n';
import { ChangeRequests } from './profile/ChangeRequests';
import { fieldLabel } from './profile/inputs';
import { isComposite, ProfileFieldRow } from './profile/ProfileFieldRow';
import { changedFields, IDENTITY_FIELDS, toDrafts, type Draft, type Drafts } from './profile/profile-fields';
import { portalErrorMessage } from './errors';
import { useClientSession } from './session';
import { isUnderReview } from './steps';

/** `/profile`: exactly the fields the client's entity and client type require, with progress and change requests. */
export function ProfilePage() {
  const { data, error, reload } = useLoad((signal) => portalApi.profile(signal), []);
  if (error) {
    return (
      <Alert color="red" variant="light" my="md" title={t('session.error')}>
        {portalErrorMessage(error)}
      </Alert>
    );
  }
  if (!data) return <LoadingScreen label={t('app.loading')} />;
  return <ProfileForm profile={data} reload={reload} />;
}

function ProfileForm({ profile, reload }: { profile: Profile; reload: () => void }) {
  const session = useClientSession();
  const verified = String(session.me.client.verificationLevel) === 'verified';
  const frozen = isUnderReview(session.me.nextSteps);
  const fields = profile.required;
  const [drafts, setDrafts] = useState<Drafts>(() => toDrafts(fields, profile.fields));
  const [outcome, setOutcome] = useState<ProfileUpdateResult | 'unchanged' | null>(null);
  const save = useSubmit(portalApi.updateProfile);

  // A fresh load (after saving) resets the form to what is stored.
  useEffect(() => setDrafts(toDrafts(fields, profile.fields)), [profile, fields]);

  const pendingFields = new Set(profile.changeRequests.filter((r) => r.status === 'pending').flatMap((r) => r.fields));
  const errors = save.fieldErrors;
  const setField = (field: ProfileFieldName) => (draft: Draft) => {
    setDrafts((current) => ({ ...current, [field]: draft }));
    setOutcome(null);
  };

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const patch = changedFields(fields, drafts, profile.fields);
    if (Object.keys(patch).length === 0) {
      save.setError(null);
      setOutcome('unchanged');
      return;
    }
    const result = await save.run(patch);
    if (!result.ok) return;
    setOutcome(result.value);
    reload();
    session.reload();
  }

  const { done, total } = profile.progress;
  return (
    <Stack gap="lg" py="md">
      <div>
        <Title order={1} size="h2">
          {t('profile.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('profile.subtitle')}
        </Text>
      </div>

      <Card withBorder radius="md" padding="md" data-testid="profile-progress" data-done={done} data-total={total}>
        <Group justify="space-between" mb={6}>
          <Text size="sm" fw={600}>
            {t('profile.progress', { done, total })}
          </Text>
          {total > 0 && done === total && <IconCheck size={18} color="var(--mantine-color-green-7)" aria-hidden />}
        </Group>
        <Progress value={total > 0 ? (done / total) * 100 : 100} color={done === total ? 'green' : 'indigo'} size="lg" radius="xl" aria-label={t('profile.progress', { done, total })} />
      </Card>

      {frozen && (
        <Alert color="blue" variant="light" icon={<IconLock size={18} />} data-testid="profile-frozen">
          {t('profile.frozen')}
        </Alert>
      )}
      {verified && !frozen && (
        <Alert color="gray" variant="light" icon={<IconInfoCircle size={18} />} data-testid="profile-verified-notice">
          {t('profile.verifiedNotice')}
        </Alert>
      )}

      <Card withBorder radius="md" padding="lg">
        <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="profile-form">
          <Fieldset variant="unstyled" disabled={frozen || save.loading}>
            <Stack gap="lg">
              {chunks(fields).map((group) =>
                group.length === 1 && isComposite(group[0]!) ? (
                  row(group[0]!)
                ) : (
                  <SimpleGrid key={group.join()} cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
                    {group.map(row)}
                  </SimpleGrid>
                ),
              )}
              {save.error && (
                <Alert color="red" variant="light" data-testid="form-error">
                  {portalErrorMessage(save.error)}
                </Alert>
              )}
              <Outcome outcome={outcome} />
              <Group>
                <Button type="submit" loading={save.loading} disabled={frozen} data-testid="profile-save">
                  {t('profile.save')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        </form>
      </Card>

      <ChangeRequests requests={profile.changeRequests} />
    </Stack>
  );

  function row(field: ProfileFieldName): ReactNode {
    return (
      <ProfileFieldRow
        key={field}
        field={field}
        draft={drafts[field] ?? ''}
        onChange={setField(field)}
        errors={errors}
        reviewed={verified && IDENTITY_FIELDS.has(field)}
        pending={pendingFields.has(field)}
      />
    );
  }
}

function Outcome({ outcome }: { outcome: ProfileUpdateResult | 'unchanged' | null }) {
  if (outcome === null) return null;
  if (outcome === 'unchanged') {
    return (
      <Alert color="gray" variant="light" data-testid="profile-outcome">
        {t('profile.nothingChanged')}
      </Alert>
    );
  }
  const change = outcome.changeRequest;
  return (
    <Alert color="green" variant="light" icon={<IconCheck size={18} />} data-testid="profile-outcome">
      {outcome.applied.length > 0 && <Text size="sm">{t('profile.saved')}</Text>}
      {change && (
        <Stack gap={4}>
          <Text size="sm" data-testid="profile-change-requested">
            {t('profile.changeRequested', { fields: change.fields.map((f) => fieldLabel(f).toLowerCase()).join(', ') })}
          </Text>
          {change.proofOfAddressRequired && (
            <Text size="sm">
              {t('profile.proofOfAddressRequired')}{' '}
              <Link to="/documents?type=proof_of_address">{t('profile.goToDocuments')}</Link>
            </Text>
          )}
        </Stack>
      )}
    </Alert>
  );
}

/** Composite fields (name, address, people) on their own; consecutive simple fields share a two-column grid. */
function chunks(fields: readonly ProfileFieldName[]): ProfileFieldName[][] {
  const out: ProfileFieldName[][] = [];
  let simple: ProfileFieldName[] = [];
  for (const field of fields) {
    if (isComposite(field)) {
      if (simple.length) out.push(simple);
      simple = [];
      out.push([field]);
    } else {
      simple.push(field);
    }
  }
  if (simple.length) out.push(simple);
  return out;
}
