import { Alert, Anchor, Badge, Card, Center, Group, Loader, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import type { AttachmentRules, LinkableCase, MessageCaseRef, MessageCaseType, StaffMessage } from '../../api/message-types';
import { announceMessagesRead, backofficeMessageApi } from '../../api/messages';
import { caseOptionLabel } from '../../components/messages/case-label';
import { MessageComposer, type ComposerLabels } from '../../components/messages/MessageComposer';
import { MessageThread } from '../../components/messages/MessageThread';
import { useCursorList } from '../../hooks/useCursorList';
import { useLoad } from '../../hooks/useLoad';
import { humanize } from '../../lib/format';

const TYPE_NAMES: Record<MessageCaseType, string> = { kyc_case: 'KYC case', deposit: 'Deposit', withdrawal: 'Withdrawal' };
const CASE_PATHS: Record<MessageCaseType, string> = { kyc_case: '/backoffice/kyc', deposit: '/backoffice/payments/deposits', withdrawal: '/backoffice/payments/withdrawals' };

const LABELS: ComposerLabels = {
  body: 'Message to the client',
  placeholder: 'The client is emailed that a message waits; the text stays in the portal.',
  files: 'Attachments',
  filesPlaceholder: 'Choose files (optional)',
  filesHint: (rules: AttachmentRules) => `JPEG, PNG or PDF, up to ${Math.round(rules.maxBytes / 1048576)} MB each, at most ${rules.maxFiles} files.`,
  tooMany: (count) => `Attach at most ${count} files.`,
  tooLarge: (name, size) => `${name} is larger than ${size}.`,
  bodyRequired: 'Write the message.',
  case: 'About',
  caseNone: 'No case',
  send: 'Send to client',
  sent: 'Sent; the client was emailed.',
  error: (error) => error.message,
};

/** The client page's Messages section: the thread (opening it marks the client's messages read) and a reply form. */
export function ClientMessages({ clientId, canSend }: { clientId: string; canSend: boolean }) {
  const [unread, setUnread] = useState({ staff: 0, client: 0 });
  const thread = useCursorList<StaffMessage>(async (cursor, signal) => {
    const page = await backofficeMessageApi.thread(clientId, cursor, signal);
    if (cursor === null) setUnread(page.unread);
    return page;
  }, [clientId]);
  const options = useLoad((signal) => backofficeMessageApi.cases(clientId, signal), [clientId]);
  const cases = options.data?.items ?? [];
  const newestId = thread.items[0]?.id;
  const anchor = useRef<HTMLDivElement>(null);
  const { hash } = useLocation();

  // From the inbox (`#messages`): bring the thread into view once it is there.
  useEffect(() => {
    if (hash === '#messages' && !thread.loading) anchor.current?.scrollIntoView({ block: 'start' });
  }, [hash, thread.loading]);

  useEffect(() => {
    if (!newestId || unread.staff === 0) return;
    backofficeMessageApi.markRead(clientId, newestId).then(
      (result) => {
        setUnread(result.unread);
        announceMessagesRead();
      },
      () => undefined,
    );
  }, [clientId, newestId, unread.staff]);

  const caseLabel = (ref: MessageCaseRef) => {
    const known = cases.find((c: LinkableCase) => c.type === ref.type && c.id === ref.id);
    return (
      <Anchor component={Link} to={`${CASE_PATHS[ref.type]}/${ref.id}`} size="xs" inherit>
        {known ? `${caseOptionLabel(known, TYPE_NAMES)}${known.status ? ` (${humanize(known.status)})` : ''}` : TYPE_NAMES[ref.type]}
      </Anchor>
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" id="messages" ref={anchor} data-testid="client-messages" aria-busy={thread.loading} style={{ scrollMarginTop: 72 }}>
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Messages
        </Title>
        {unread.client > 0 && (
          <Badge variant="light" color="gray" data-testid="client-unread">
            {unread.client} unread by the client
          </Badge>
        )}
      </Group>
      {thread.error && (
        <Alert color="red" variant="light" mb="md" title="Could not load the messages">
          {thread.error.message}
        </Alert>
      )}
      {thread.loading ? (
        <Center>
          <Loader size="sm" aria-label="Loading messages" />
        </Center>
      ) : (
        <MessageThread
          messages={thread.items}
          viewer="staff"
          authorLabel={(m) => (m.authorType === 'client' ? 'Client' : (m.authorName ?? 'Staff'))}
          caseLabel={caseLabel}
          attachmentUrl={backofficeMessageApi.attachmentUrl}
          labels={{ empty: 'No messages with this client yet.', loadOlder: 'Load older messages', read: 'Read by the client' }}
          hasOlder={thread.nextCursor !== null}
          loadingOlder={thread.loadingMore}
          onLoadOlder={thread.loadMore}
        />
      )}
      {canSend && (
        <Card.Section withBorder inheritPadding py="md" mt="md">
          <MessageComposer
            cases={cases}
            caseLabel={(c) => `${caseOptionLabel(c, TYPE_NAMES)}${c.status ? ` (${humanize(c.status)})` : ''}`}
            rules={options.data?.attachmentRules ?? null}
            labels={LABELS}
            send={(input) => backofficeMessageApi.send(clientId, input)}
            onSent={thread.reload}
          />
        </Card.Section>
      )}
    </Card>
  );
}
