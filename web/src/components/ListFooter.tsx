import { Button, Center, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface CursorListState {
  items: readonly unknown[];
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  nextCursor: string | null;
  loadMore: () => void;
}

/** Under a cursor-paged list: the spinner while it loads, what to say when it is empty, and "Load more". */
export function ListFooter({ list, loadingLabel, empty, emptyTestId }: { list: CursorListState; loadingLabel: string; empty: ReactNode; emptyTestId: string }) {
  return (
    <>
      {list.loading && (
        <Center>
          <Loader size="sm" aria-label={loadingLabel} />
        </Center>
      )}
      {!list.loading && !list.error && list.items.length === 0 && (
        <Text c="dimmed" ta="center" data-testid={emptyTestId}>
          {empty}
        </Text>
      )}
      {list.nextCursor && !list.loading && (
        <Center>
          <Button variant="default" onClick={list.loadMore} loading={list.loadingMore} data-testid="load-more">
            Load more
          </Button>
        </Center>
      )}
    </>
  );
}
