import { Alert, Badge, Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import type { ClientDocument, DocumentRequirement, NextStep } from '../../api/types';
import { t } from '../../i18n';
import { stepDocumentTypes } from '../steps';
import { DocumentVersions } from './DocumentVersions';
import { UploadForm } from './UploadForm';

interface RequirementCardProps {
  requirement: DocumentRequirement;
  documents: ClientDocument[];
  /** The client's next steps that concern this requirement's document types. */
  steps: NextStep[];
  highlighted: boolean;
  frozen: boolean;
  onUploaded: (doc: ClientDocument) => void;
}

type State = 'needed' | 'received' | 'done';

/** The server labels a group compliance asked for beyond the entity's list `Requested by compliance: <reason>`. */
const REQUESTED_PREFIX = 'Requested by compliance: ';

/** How a requirement is headed: its label; or, for a document compliance asked for, the document's name and the reason. */
function heading(requirement: DocumentRequirement): { title: string; requestedBecause: string | null } {
  if (!requirement.label.startsWith(REQUESTED_PREFIX)) return { title: requirement.label, requestedBecause: null };
  return { title: requirement.documentTypes.map((type) => type.name).join(' · ') || requirement.label, requestedBecause: requirement.label.slice(REQUESTED_PREFIX.length) };
}

/** One required document (e.g. "Proof of address"): what is asked, what is on file, and the upload form. */
export function RequirementCard({ requirement, documents, steps, highlighted, frozen, onUploaded }: RequirementCardProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [replacing, setReplacing] = useState(false);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [highlighted]);

  const typeIds = requirement.documentTypes.map((type) => type.id);
  const byType = typeIds
    .map((id) => ({ id, versions: documents.filter((doc) => doc.documentType === id) }))
    .filter((entry) => entry.versions.length > 0);
  const current = byType.map((entry) => [...entry.versions].sort((a, b) => b.version - a.version)[0]!);
  const state: State =
    steps.length > 0 ? 'needed' : current.some((doc) => doc.status === 'approved') ? 'done' : current.some((doc) => doc.status === 'uploaded' || doc.status === 'under_review') ? 'received' : 'needed';
  const { title, requestedBecause } = heading(requirement);
  // The reason is already the detail of the open step, when there is one.
  const reasonShown = steps.some((step) => step.detail === requestedBecause);
  const preferredType = steps.flatMap((step) => stepDocumentTypes(step.code)).find((id) => typeIds.includes(id)) ?? current[0]?.documentType;

  return (
    <Card
      ref={ref}
      withBorder
      radius="md"
      padding="lg"
      data-testid="requirement"
      data-label={requirement.label}
      data-types={typeIds.join('|')}
      data-state={state}
      style={highlighted ? { borderColor: 'var(--mantine-color-indigo-5)', boxShadow: '0 0 0 1px var(--mantine-color-indigo-5)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Badge variant="light" color={state === 'done' ? 'green' : state === 'received' ? 'blue' : 'orange'} style={{ flexShrink: 0 }} data-testid="requirement-state">
          {t(state === 'done' ? 'documents.done' : state === 'received' ? 'documents.received' : 'documents.needed')}
        </Badge>
      </Group>
      {requestedBecause !== null && (
        <Text size="sm" c="dimmed" mb="sm" data-testid="requirement-requested">
          {reasonShown ? t('documents.requestedByCompliance') : t('documents.requestedByComplianceBecause', { reason: requestedBecause })}
        </Text>
      )}
      {requestedBecause === null && requirement.documentTypes.length > 1 && (
        <Text size="sm" c="dimmed" mb="sm">
          {requirement.documentTypes.map((type) => type.name).join(' · ')}
        </Text>
      )}

      {steps.map((step) => (
        <Alert key={step.code} color="orange" variant="light" icon={<IconInfoCircle size={18} />} title={step.title} mb="sm" data-testid="requirement-step" data-code={step.code}>
          {step.detail}
        </Alert>
      ))}

      <Stack gap="md">
        {byType.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('documents.none')}
          </Text>
        ) : (
          byType.map((entry) => (
            <DocumentVersions key={entry.id} name={requirement.documentTypes.find((type) => type.id === entry.id)?.name ?? entry.id} versions={entry.versions} />
          ))
        )}
        <Divider />
        {state === 'needed' || replacing ? (
          <UploadForm
            key={preferredType ?? ''}
            types={requirement.documentTypes}
            preferredType={preferredType}
            disabled={frozen}
            onUploaded={(doc) => {
              setReplacing(false);
              onUploaded(doc);
            }}
          />
        ) : (
          <Button variant="light" size="xs" w="fit-content" leftSection={<IconUpload size={14} />} onClick={() => setReplacing(true)} disabled={frozen} data-testid="upload-new-version">
            {t('documents.uploadNewVersion')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
