import { Alert, Card, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiError } from '../api/client';
import type { AttachmentRules, LinkableCase, MessageCaseRef, MessageCaseType, PortalMessage } from '../api/message-types';
import { announceMessagesRead, portalMessageApi } from '../api/messages';
import { caseOptionLabel } from '../components/messages/case-label';
import { MessageComposer, type ComposerLabels } from '../components/messages/MessageComposer';
import { MessageThread } from '../components/messages/MessageThread';
import { useCursorList } from '../hooks/useCursorList';
import { useLoad } from '../hooks/useLoad';
import { t, tOptional } from '../i18n';
import { portalErrorMessage } from './errors';

const TYPE_NAMES = (): Record<MessageCaseType, string> => ({
  kyc_case: t('messages.case.kyc_case'),
  deposit: t('messages.case.deposit'),
  withdrawal: t('messages.case.withdrawal'),
});

const MIME_NAMES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'application/pdf': 'PDF' };

function composerLabels(): ComposerLabels {
  return {
    body: t('messages.body'),
    placeholder: t('messages.placeholder'),
    files: t('messages.files'),
    filesPlaceholder: t('messages.files.placeholder'),
    filesHint: (rules: AttachmentRules) =>
      t('messages.files.hint', { types: rules.acceptedMimeTypes.map((m) => MIME_NAMES[m] ?? m).join(', '), size: `${Math.round(rules.maxBytes / 1048576)} MB`, count: rules.maxFiles }),
    tooMany: (count) => t('messages.files.tooMany', { count }),
    tooLarge: (name, size) => t('messages.files.tooLarge', { name, size }),
    bodyRequired: t('messages.body.required'),
    case: t('messages.case'),
    caseNone: t('messages.case.none'),
    send: t('messages.send'),
    sent: t('messages.sent'),
    error: (error: ApiError) => tOptional(`error.${error.code}`) ?? (error.message || t('form.unknownError')),
  };
}

/** `/messages`: the client's one thread with the broker's support; opening it marks the broker's messages read. */
export function MessagesPage() {
  const [unread, setUnread] = useState(0);
  const thread = useCursorList<PortalMessage>(async (cursor, signal) => {
    const page = await portalMessageApi.thread(cursor, signal);
    if (cursor === null) setUnread(page.unread);
    return page;
  }, []);
  const options = useLoad((signal) => portalMessageApi.cases(signal), []);
  const cases = options.data?.items ?? [];
  const newestId = thread.items[0]?.id;

  // Whatever is on screen has been read: up to the newest message shown, so one arriving meanwhile stays unread.
  useEffect(() => {
    if (!newestId || unread === 0) return;
    portalMessageApi.markRead(newestId).then(
      (result) => {
        setUnread(result.unread);
        announceMessagesRead();
      },
      () => undefined,
    );
  }, [newestId, unread]);

  const typeNames = TYPE_NAMES();
  const caseLabel = (ref: MessageCaseRef) => {
    const known = cases.find((c: LinkableCase) => c.type === ref.type && c.id === ref.id);
    return known ? caseOptionLabel(known, typeNames) : typeNames[ref.type];
  };

  return (
    <Stack gap="lg" py="md">
      <div>
        <Title order={1} size="h2">
          {t('messages.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('messages.subtitle')}
        </Text>
      </div>

      <Card withBorder radius="md" padding="lg" data-testid="messages-card" aria-busy={thread.loading}>
        {thread.error && (
          <Alert color="red" variant="light" mb="md" title={t('messages.loadError')}>
            {portalErrorMessage(thread.error)}
          </Alert>
        )}
        {thread.loading ? (
          <Center>
            <Loader size="sm" aria-label={t('app.loading')} />
          </Center>
        ) : (
          <MessageThread
            messages={thread.items}
            viewer="client"
            authorLabel={(m) => (m.authorType === 'client' ? t('messages.you') : t('messages.support'))}
            caseLabel={caseLabel}
            attachmentUrl={portalMessageApi.attachmentUrl}
            labels={{ empty: t('messages.empty'), loadOlder: t('messages.loadOlder'), read: t('messages.read') }}
            hasOlder={thread.nextCursor !== null}
            loadingOlder={thread.loadingMore}
            onLoadOlder={thread.loadMore}
          />
        )}
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Title order={2} size="h4" mb="sm">
          {t('messages.compose.title')}
        </Title>
        <MessageComposer
          cases={cases}
          caseLabel={(c) => caseOptionLabel(c, typeNames)}
          rules={options.data?.attachmentRules ?? null}
          labels={composerLabels()}
          send={portalMessageApi.send}
          onSent={thread.reload}
        />
      </Card>
    </Stack>
  );
}
