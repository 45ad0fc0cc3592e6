import { Anchor, Badge, Button, Collapse, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { portalApi } from '../../api/portal';
import type { ClientDocument } from '../../api/types';
import { t, tOptional } from '../../i18n';
import { formatBytes, formatDate, formatDateTime, humanize, statusColor } from '../../lib/format';

export function documentStatusLabel(status: string): string {
  return tOptional(`documentStatus.${status}`) ?? humanize(status);
}

/** One version of a document: status, file, dates and, when refused, the reviewer's words. */
export function DocumentVersion({ doc, current }: { doc: ClientDocument; current: boolean }) {
  const dates = [doc.issueDate && t('documents.issued', { date: formatDate(doc.issueDate) }), doc.expiryDate && t('documents.expires', { date: formatDate(doc.expiryDate) })].filter(Boolean);
  return (
    <Stack gap={2} data-testid={current ? 'document-current' : 'document-earlier'} data-document-id={doc.id} data-status={doc.status} data-version={doc.version}>
      <Group gap="xs">
        <Badge variant="light" color={statusColor(doc.status)} data-testid="document-status">
          {documentStatusLabel(doc.status)}
        </Badge>
        <Text size="sm" fw={current ? 600 : 400}>
          {t('documents.version', { version: doc.version })}
        </Text>
        <Anchor href={portalApi.documentFileUrl(doc.id)} target="_blank" rel="noopener" size="sm">
          {doc.fileName}
        </Anchor>
        <Text size="xs" c="dimmed">
          {formatBytes(doc.sizeBytes)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed">
        {t('documents.uploadedAt', { date: formatDateTime(doc.uploadedAt) })}
        {dates.length > 0 && ` · ${dates.join(' · ')}`}
      </Text>
      {doc.clientMessage && (
        <Text size="sm" c="red.8" data-testid="document-client-message">
          {t('documents.reviewerSays', { message: doc.clientMessage })}
        </Text>
      )}
    </Stack>
  );
}

/** The versions of one document type: the newest first, earlier ones (kept, never overwritten) folded away. */
export function DocumentVersions({ name, versions }: { name: string; versions: ClientDocument[] }) {
  const [opened, { toggle }] = useDisclosure(false);
  const [current, ...earlier] = [...versions].sort((a, b) => b.version - a.version);
  if (!current) return null;
  return (
    <Stack gap={6} data-testid="document-type" data-document-type={current.documentType}>
      <Text size="sm" fw={600}>
        {name}
      </Text>
      <DocumentVersion doc={current} current />
      {earlier.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-xs"
            w="fit-content"
            leftSection={opened ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            onClick={toggle}
            aria-expanded={opened}
            data-testid="document-earlier-toggle"
          >
            {t('documents.earlier', { count: earlier.length })}
          </Button>
          <Collapse expanded={opened}>
            <Stack gap="xs" pl="md" style={{ borderInlineStart: '2px solid var(--mantine-color-gray-3)' }}>
              {earlier.map((doc) => (
                <DocumentVersion key={doc.id} doc={doc} current={false} />
              ))}
            </Stack>
          </Collapse>
        </>
      )}
    </Stack>
  );
}
