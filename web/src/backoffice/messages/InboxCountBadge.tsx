import { Badge } from '@mantine/core';
import { backofficeMessageApi, MESSAGES_READ_EVENT } from '../../api/messages';
import { usePolledCount } from '../../hooks/usePolledCount';

const POLL_MS = 30_000;

/** The navigation's count of client threads waiting for an answer in this staff member's entities. */
export function InboxCountBadge() {
  const threads = usePolledCount(async (signal) => (await backofficeMessageApi.summary(signal)).threads, POLL_MS, MESSAGES_READ_EVENT);
  if (!threads) return null;
  return (
    <Badge size="sm" color="red" variant="filled" aria-label={`${threads} waiting`} data-testid="nav-inbox-count" data-count={threads}>
      {threads > 99 ? '99+' : threads}
    </Badge>
  );
}
