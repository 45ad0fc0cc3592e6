import { Anchor, Box, Button, Group, Image, Stack, Text } from '@mantine/core';
import { IconExternalLink, IconFileTypePdf } from '@tabler/icons-react';
import { backofficeApi } from '../../api/backoffice';
import type { CaseDocument } from '../../api/types';

/**
 * The file, previewed in the page: an image inline, a PDF in a frame (the file endpoint allows framing by our own
 * pages only); both can also be opened in a new tab. Every load is an audited read on the server.
 */
export function DocumentPreview({ doc, name }: { doc: CaseDocument; name: string }) {
  const url = backofficeApi.documentFileUrl(doc.id);
  const title = `${name}, version ${doc.version}`;
  if (doc.mimeType.startsWith('image/')) {
    return (
      <Box data-testid="document-preview" data-kind="image">
        <Anchor href={url} target="_blank" rel="noopener" aria-label={`Open ${doc.fileName} in a new tab`}>
          <Image src={url} alt={title} w={360} h={240} fit="contain" radius="sm" bg="gray.1" style={{ border: '1px solid var(--mantine-color-gray-3)' }} />
        </Anchor>
      </Box>
    );
  }
  return (
    <Stack gap="xs" data-testid="document-preview" data-kind="pdf">
      <Box
        component="iframe"
        // Chromium's viewer: no thumbnail pane, the page fitted to the frame's width.
        src={`${url}#navpanes=0&view=FitH`}
        title={title}
        w="100%"
        h={480}
        bg="gray.1"
        style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', display: 'block' }}
        data-testid="document-preview-frame"
      />
      <Group gap="xs">
        <IconFileTypePdf size={18} color="var(--mantine-color-red-7)" aria-hidden />
        <Text size="sm">{doc.fileName}</Text>
        <Button component="a" href={url} target="_blank" rel="noopener" size="compact-sm" variant="light" rightSection={<IconExternalLink size={14} />} aria-label={`Open ${doc.fileName} in a new tab`}>
          Open in a new tab
        </Button>
      </Group>
    </Stack>
  );
}
