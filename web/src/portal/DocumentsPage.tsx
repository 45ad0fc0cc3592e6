import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { portalApi } from '../api/portal';
import type { ClientDocument, NextStep } from '../api/types';
import { LoadingScreen } from '../components/LoadingScreen';
import { useLoad } from '../hooks/useLoad';
import { t } from '../i18n';
import { humanize } from '../lib/format';
import { SubmitForReview } from './dashboard/SubmitForReview';
import { DocumentVersions } from './documents/DocumentVersions';
import { RequirementCard } from './documents/RequirementCard';
import { portalErrorMessage } from './errors';
import { useClientSession } from './session';
import { canSubmit, isUnderReview, stepDocumentTypes } from './steps';

/** `/documents`: each required document with its versions and an upload form; `?type=a|b` highlights a requirement. */
export function DocumentsPage() {
  const session = useClientSession();
  const { data, error, reload } = useLoad((signal) => portalApi.documents(signal), []);
  const [params] = useSearchParams();
  const [uploaded, setUploaded] = useState<string | null>(null);
  const wanted = (params.get('type') ?? '').split('|').filter(Boolean);
  const steps = session.me.nextSteps;
  const frozen = isUnderReview(steps);

  if (error) {
    return (
      <Alert color="red" variant="light" my="md" title={t('session.error')}>
        {portalErrorMessage(error)}
      </Alert>
    );
  }
  if (!data) return <LoadingScreen label={t('app.loading')} />;

  const known = new Set(data.requirements.flatMap((r) => r.documentTypes.map((type) => type.id)));
  const others = [...new Set(data.items.filter((doc) => !known.has(doc.documentType)).map((doc) => doc.documentType))];
  const stepsFor = (typeIds: string[]): NextStep[] => steps.filter((step) => stepDocumentTypes(step.code).some((id) => typeIds.includes(id)));

  function onUploaded(doc: ClientDocument) {
    setUploaded(doc.fileName);
    reload();
    session.reload();
  }

  return (
    <Stack gap="lg" py="md">
      <div>
        <Title order={1} size="h2">
          {t('documents.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('documents.subtitle')}
        </Text>
      </div>

      {frozen && (
        <Alert color="blue" variant="light" icon={<IconLock size={18} />} data-testid="documents-frozen">
          {t('documents.frozen')}
        </Alert>
      )}
      {uploaded && !frozen && (
        <Alert color="green" variant="light" icon={<IconCheck size={18} />} withCloseButton onClose={() => setUploaded(null)} data-testid="upload-success">
          {t('documents.uploaded', { name: uploaded })}
        </Alert>
      )}
      {canSubmit(steps) && (
        <Card withBorder radius="md" padding="md" data-testid="ready-to-send">
          <Stack gap="xs">
            <Text fw={600}>{t('documents.readyToSend')}</Text>
            <SubmitForReview />
          </Stack>
        </Card>
      )}

      {/* The entity's required documents, then any compliance asked for beyond them ("Requested by compliance: …"). */}
      {data.requirements.map((requirement, index) => {
        const typeIds = requirement.documentTypes.map((type) => type.id);
        return (
          <RequirementCard
            key={`${index}:${requirement.label}`}
            requirement={requirement}
            documents={data.items}
            steps={stepsFor(typeIds)}
            highlighted={wanted.some((id) => typeIds.includes(id))}
            frozen={frozen}
            onUploaded={onUploaded}
          />
        );
      })}

      {others.length > 0 && (
        <Card withBorder radius="md" padding="lg" data-testid="other-documents">
          <Title order={2} size="h4" mb="sm">
            {t('documents.other')}
          </Title>
          <Stack gap="md">
            {others.map((type) => (
              <DocumentVersions key={type} name={humanize(type)} versions={data.items.filter((doc) => doc.documentType === type)} />
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}
