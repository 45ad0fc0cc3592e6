import { Badge, Button, Card, Collapse, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { CaseDocument, KycCaseDetail } from '../../api/types';
import { formatBytes, formatDate, formatDateTime, statusColor } from '../../lib/format';
import { useStaffSession } from '../session';
import { DocumentPreview } from './DocumentPreview';
import { DocumentReview } from './DocumentReview';
import { DOCUMENT_REJECTION_REASONS, DOCUMENT_STATUS_LABELS, documentTypeNamer, label, noteRequiredFor } from './labels';

const REVIEWABLE = new Set(['uploaded', 'under_review']);

/** The client's documents grouped by type (in the order the configuration asks for them), every version kept. */
export function CaseDocuments({ detail, reload }: { detail: KycCaseDetail; reload: () => void }) {
  const { staff } = useStaffSession();
  const canReview = staff.roles.some((role) => role === 'compliance' || role === 'supervisor');
  const order = detail.requiredDocuments.flatMap((group) => group.anyOf);
  const types = [...new Set(detail.documents.map((doc) => doc.documentType))].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const missing = detail.requiredDocuments.filter((group) => !group.anyOf.some((id) => types.includes(id)));
  const documentTypeName = documentTypeNamer(detail.documentTypes);

  return (
    <Card withBorder radius="md" padding="lg" data-testid="case-documents">
      <Title order={2} size="h4" mb="sm">
        Documents
      </Title>
      <Stack gap="lg">
        {types.map((type, index) => (
          <Stack key={type} gap="sm">
            {index > 0 && <Divider />}
            <DocumentGroup type={type} name={documentTypeName(type)} versions={detail.documents.filter((doc) => doc.documentType === type)} canReview={canReview} noteRequired={noteRequiredFor(staff)} reload={reload} />
          </Stack>
        ))}
        {types.length === 0 && <Text c="dimmed">No documents uploaded.</Text>}
        {missing.length > 0 && (
          <Text size="sm" c="orange.8" data-testid="documents-missing">
            Not uploaded yet: {missing.map((group) => group.label).join(', ')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function rank(order: string[], type: string): number {
  const index = order.indexOf(type);
  return index === -1 ? order.length : index;
}

function DocumentGroup({ type, name, versions, canReview, noteRequired, reload }: { type: string; name: string; versions: CaseDocument[]; canReview: boolean; noteRequired: boolean; reload: () => void }) {
  const [opened, { toggle }] = useDisclosure(false);
  const [current, ...earlier] = [...versions].sort((a, b) => b.version - a.version);
  if (!current) return null;
  return (
    <Stack gap="sm" data-testid="case-document-group" data-document-type={type}>
      <Text fw={700} data-testid="case-document-type">
        {name}
      </Text>
      <VersionDetails doc={current} />
      <DocumentPreview doc={current} name={name} />
      {canReview && REVIEWABLE.has(current.status) && <DocumentReview doc={current} noteRequired={noteRequired} reload={reload} />}
      {earlier.length > 0 && (
        <>
          <Button variant="subtle" size="compact-xs" w="fit-content" leftSection={opened ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />} onClick={toggle} aria-expanded={opened} data-testid="case-document-earlier-toggle">
            {opened ? 'Hide earlier versions' : `Earlier versions (${earlier.length})`}
          </Button>
          <Collapse expanded={opened}>
            <Stack gap="md" pl="md" style={{ borderInlineStart: '2px solid var(--mantine-color-gray-3)' }}>
              {earlier.map((doc) => (
                <Stack key={doc.id} gap="xs">
                  <VersionDetails doc={doc} />
                  {opened && <DocumentPreview doc={doc} name={name} />}
                </Stack>
              ))}
            </Stack>
          </Collapse>
        </>
      )}
    </Stack>
  );
}

function VersionDetails({ doc }: { doc: CaseDocument }) {
  return (
    <Stack gap={2} data-testid="case-document" data-document-id={doc.id} data-status={doc.status} data-version={doc.version}>
      <Group gap="xs">
        <Badge variant="light" color={statusColor(doc.status)}>
          {label(DOCUMENT_STATUS_LABELS, doc.status)}
        </Badge>
        <Text size="sm" fw={600}>
          v{doc.version}
        </Text>
        <Text size="sm">{doc.fileName}</Text>
        <Text size="xs" c="dimmed">
          {doc.mimeType} · {formatBytes(doc.sizeBytes)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        Uploaded {formatDateTime(doc.uploadedAt)}
        {doc.issueDate && ` · issued ${formatDate(doc.issueDate)}`}
        {doc.expiryDate && ` · expires ${formatDate(doc.expiryDate)}`}
      </Text>
      {doc.status === 'rejected' && (
        <Text size="sm" c="red.8">
          Refused: {DOCUMENT_REJECTION_REASONS.find((r) => r.value === doc.rejectionReason)?.label ?? doc.rejectionReason ?? '—'}
          {doc.clientMessage && ` — told the client: “${doc.clientMessage}”`}
        </Text>
      )}
    </Stack>
  );
}
