import { Anchor, Box, Button, Group, Image, Text } from '@mantine/core';
import { IconExternalLink, IconFileTypePdf } from '@tabler/icons-react';
import { backofficeApi } from '../../api/backoffice';
import type { CaseDocument } from '../../api/types';

/**
 * The file, previewed in the page: images inline; a PDF opens in a new tab
 * (the file endpoint forbids framing, so an inline PDF viewer is not possible).
 * Every load is an audited read on the server.
 */
export function DocumentPreview({ doc }: { doc: CaseDocument }) {
  const url = backofficeApi.documentFileUrl(doc.id);
  if (doc.mimeType.startsWith('image/')) {
    return (
      <Box data-testid="document-preview" data-kind="image">
        <Anchor href={url} target="_blank" rel="noopener" aria-label={`Open ${doc.fileName} in a new tab`}>
          <Image src={url} alt={`${doc.documentType} version ${doc.version}`} w={360} h={240} fit="contain" radius="sm" bg="gray.1" style={{ border: '1px solid var(--mantine-color-gray-3)' }} />
        </Anchor>
      </Box>
    );
  }
  return (
    <Group gap="sm" data-testid="document-preview" data-kind="pdf">
      <IconFileTypePdf size={28} color="var(--mantine-color-red-7)" aria-hidden />
      <div>
        <Text size="sm">{doc.fileName}</Text>
        <Button component="a" href={url} target="_blank" rel="noopener" size="compact-sm" variant="light" rightSection={<IconExternalLink size={14} />}>
          Open PDF
        </Button>
      </div>
    </Group>
  );
}
