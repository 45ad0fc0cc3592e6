import { Anchor, Badge, Button, Center, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChecks, IconPaperclip } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { MessageCaseRef, PortalMessage } from '../../api/message-types';
import { formatBytes, formatDateTime } from '../../lib/format';

export interface ThreadLabels {
  empty: string;
  loadOlder: string;
  /** Under one's own message once the other side read it. */
  read: string;
}

interface MessageThreadProps<M extends PortalMessage> {
  /** Newest first, as the API pages them; shown oldest first, like a conversation. */
  messages: M[];
  viewer: 'client' | 'staff';
  authorLabel: (message: M) => string;
  caseLabel: (ref: MessageCaseRef) => ReactNode;
  attachmentUrl: (id: string) => string;
  labels: ThreadLabels;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
}

/** A conversation: one's own messages on the inline end, the other side's on the start, each with its case and attachments. */
export function MessageThread<M extends PortalMessage>({ messages, viewer, authorLabel, caseLabel, attachmentUrl, labels, hasOlder, loadingOlder, onLoadOlder }: MessageThreadProps<M>) {
  const ordered = [...messages].reverse();
  return (
    <Stack gap="sm" data-testid="message-thread">
      {hasOlder && (
        <Center>
          <Button variant="default" size="xs" onClick={onLoadOlder} loading={loadingOlder} data-testid="messages-load-older">
            {labels.loadOlder}
          </Button>
        </Center>
      )}
      {ordered.length === 0 && (
        <Text c="dimmed" data-testid="messages-empty">
          {labels.empty}
        </Text>
      )}
      {ordered.map((message) => {
        const own = message.authorType === viewer;
        return (
          <Paper
            key={message.id}
            withBorder
            radius="md"
            p="sm"
            maw="min(40rem, 92%)"
            ms={own ? 'auto' : undefined}
            me={own ? undefined : 'auto'}
            bg={own ? 'var(--mantine-color-indigo-light)' : 'var(--mantine-color-gray-light)'}
            data-testid="message"
            data-author={message.authorType}
            data-message-id={message.id}
            data-read={message.readByRecipient}
          >
            <Stack gap={6}>
              <Group gap="xs" justify="space-between" wrap="wrap">
                <Text size="xs" fw={600} data-testid="message-author">
                  {authorLabel(message)}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(message.createdAt)}
                </Text>
              </Group>
              {message.case && (
                <Badge variant="outline" size="sm" radius="sm" tt="none" style={{ alignSelf: 'flex-start', maxWidth: '100%' }} data-testid="message-case" data-case-type={message.case.type}>
                  {caseLabel(message.case)}
                </Badge>
              )}
              <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="message-body">
                {message.body}
              </Text>
              {message.attachments.map((file) => (
                <Anchor key={file.id} href={attachmentUrl(file.id)} size="sm" data-testid="message-attachment" style={{ overflowWrap: 'anywhere' }}>
                  <Group gap={4} component="span" wrap="nowrap">
                    <IconPaperclip size={14} style={{ flexShrink: 0 }} />
                    <span>{file.fileName}</span>
                    <Text span size="xs" c="dimmed">
                      ({formatBytes(file.sizeBytes)})
                    </Text>
                  </Group>
                </Anchor>
              ))}
              {own && message.readByRecipient && (
                <Group gap={4} justify="flex-end" c="dimmed" data-testid="message-read">
                  <IconChecks size={14} />
                  <Text size="xs">{labels.read}</Text>
                </Group>
              )}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
