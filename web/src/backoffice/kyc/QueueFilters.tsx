import { Group, NumberInput, SegmentedControl, Select } from '@mantine/core';
import { useMemo } from 'react';
import type { EntityInfo, KycQueueQuery } from '../../api/types';
import { countryOptions } from '../../lib/countries';
import { EntitySelect } from '../EntitySelect';
import { CASE_STATUS_LABELS } from './labels';

export type FilterName = keyof KycQueueQuery;

interface QueueFiltersProps {
  query: KycQueueQuery;
  entities: readonly EntityInfo[];
  entitiesError?: string | null;
  onChange: (name: FilterName, value: string | null) => void;
}

/** The queue's filters, kept in the address so "back" from a case returns to the same view. */
export function QueueFilters({ query, entities, entitiesError, onChange }: QueueFiltersProps) {
  const countries = useMemo(() => countryOptions().map((c) => ({ value: c.value, label: `${c.label} (${c.value})` })), []);
  return (
    <Group align="flex-end" gap="sm" data-testid="queue-filters">
      <EntitySelect entities={entities} error={entitiesError} value={query.entity ?? null} onChange={(v) => onChange('entity', v)} w={200} testId="filter-entity" />
      <Select label="Country" placeholder="All countries" clearable searchable data={countries} value={query.country ?? null} onChange={(v) => onChange('country', v)} w={180} data-testid="filter-country" />
      <Select
        label="Risk"
        placeholder="Any risk"
        clearable
        data={[
          { value: 'low', label: 'Low' },
          { value: 'medium', label: 'Medium' },
          { value: 'high', label: 'High' },
        ]}
        value={query.risk ?? null}
        onChange={(v) => onChange('risk', v)}
        w={110}
        data-testid="filter-risk"
      />
      <Select
        label="Status"
        placeholder="Needs review"
        clearable
        data={Object.entries(CASE_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        value={query.status ?? null}
        onChange={(v) => onChange('status', v)}
        w={190}
        data-testid="filter-status"
      />
      <Select
        label="Assignee"
        placeholder="Anyone"
        clearable
        data={[
          { value: 'me', label: 'Me' },
          { value: 'unassigned', label: 'Unassigned' },
        ]}
        value={query.assignee ?? null}
        onChange={(v) => onChange('assignee', v)}
        w={140}
        data-testid="filter-assignee"
      />
      <NumberInput
        label="Waiting ≥ hours"
        placeholder="0"
        min={0}
        max={24 * 365}
        allowDecimal={false}
        value={query.minAgeHours ?? ''}
        onChange={(v) => onChange('minAgeHours', v === '' ? null : String(v))}
        w={130}
        data-testid="filter-min-age"
      />
    </Group>
  );
}

/** Oldest first (time waiting) or soonest SLA due time. */
export function QueueSort({ value, onChange }: { value: 'age' | 'sla' | null | undefined; onChange: (value: string | null) => void }) {
  return (
    <SegmentedControl
      size="xs"
      aria-label="Sort the queue"
      data={[
        { value: 'age', label: 'Oldest first' },
        { value: 'sla', label: 'SLA due first' },
      ]}
      value={value ?? 'age'}
      onChange={(v) => onChange(v === 'age' ? null : v)}
      data-testid="sort"
    />
  );
}
