import { Badge } from '@mantine/core';
import { MESSAGES_READ_EVENT, portalMessageApi } from '../../api/messages';
import { usePolledCount } from '../../hooks/usePolledCount';
import { t } from '../../i18n';

const POLL_MS = 30_000;

/** The navigation's count of messages from the broker the client has not read; nothing when there are none. */
export function UnreadMessagesBadge() {
  const unread = usePolledCount(async (signal) => (await portalMessageApi.unread(signal)).unread, POLL_MS, MESSAGES_READ_EVENT);
  if (!unread) return null;
  return (
    <Badge size="xs" circle={unread < 10} color="red" variant="filled" aria-label={t('messages.unreadBadge', { count: unread })} data-testid="nav-messages-unread" data-count={unread}>
      {unread > 99 ? '99+' : unread}
    </Badge>
  );
}
