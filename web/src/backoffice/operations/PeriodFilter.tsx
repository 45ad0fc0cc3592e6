import { Button, Group, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The period (local days, both included), applied to the address in one step: both dates change together, and typing a
 * date does not reload the figures at every keystroke.
 */
export function PeriodFilter({ from, to }: { from: string; to: string }) {
  const [, setParams] = useSearchParams();
  const [draft, setDraft] = useState({ from, to });
  useEffect(() => setDraft({ from, to }), [from, to]);
  const apply = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const name of ['from', 'to'] as const) {
          if (draft[name]) next.set(name, draft[name]);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <TextInput type="date" label="From" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} w={160} data-testid="filter-from" />
      <TextInput type="date" label="To" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} w={160} data-testid="filter-to" />
      <Button variant="light" onClick={apply} disabled={draft.from === from && draft.to === to} data-testid="filter-apply">
        Show period
      </Button>
    </Group>
  );
}
