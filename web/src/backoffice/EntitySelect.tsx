import { Select, Stack, Text } from '@mantine/core';
import { backofficeApi } from '../api/backoffice';
import type { EntityInfo } from '../api/types';
import { useLoad } from '../hooks/useLoad';

/** The legal entities in this staff member's scope (GET /api/backoffice/entities). */
export function useEntities(): { entities: EntityInfo[]; error: string | null } {
  const { data, error } = useLoad((signal) => backofficeApi.entities(signal), []);
  return { entities: data?.items ?? [], error: error?.message ?? null };
}

/** The entity's name, or its id until the list is loaded (or when it is out of scope). */
export function entityName(entities: readonly EntityInfo[], id: string): string {
  return entities.find((entity) => entity.id === id)?.name ?? id;
}

interface EntitySelectProps {
  entities: readonly EntityInfo[];
  /** Why the list could not be loaded. */
  error?: string | null;
  value: string | null;
  onChange: (value: string | null) => void;
  w?: number;
  testId: string;
}

/**
 * Filter by legal entity: the entities of the staff member's scope; the value is the entity id (kept in the address).
 * The input reads `eu · Traderoom … (Europe) Ltd`: the short id first (as in the tables), since names often share a long prefix.
 */
export function EntitySelect({ entities, error, value, onChange, w = 240, testId }: EntitySelectProps) {
  const options = entities.map((entity) => ({ value: entity.id, label: `${entity.id} · ${entity.name}` }));
  // An id from the address that is not (or not yet) in the list stays selectable, so the filter never silently drops it.
  if (value && !entities.some((entity) => entity.id === value)) options.push({ value, label: value });
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  return (
    <Select
      label="Entity"
      placeholder="All entities"
      clearable
      data={options}
      value={value}
      onChange={onChange}
      error={error ? `Could not load the entities: ${error}` : undefined}
      renderOption={({ option }) => {
        const entity = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{entity?.name ?? option.value}</Text>
            <Text size="xs" c="dimmed">
              {[option.value, entity?.regulator].filter(Boolean).join(' · ')}
            </Text>
          </Stack>
        );
      }}
      comboboxProps={{ width: 'max-content', position: 'bottom-start' }}
      w={w}
      data-testid={testId}
    />
  );
}
