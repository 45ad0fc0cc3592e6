import { SegmentedControl, Stack, Text } from '@mantine/core';

/** The currency of a payment, shown only when the method takes more than one. */
export function CurrencyPicker({ name, label, currencies, value, onChange }: { name: string; label: string; currencies: string[]; value: string; onChange: (currency: string) => void }) {
  if (currencies.length < 2) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={`${name}-currency-label`}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={`${name}-currency-label`} data={currencies} value={value} onChange={onChange} w="fit-content" data-testid={`${name}-currency`} />
    </Stack>
  );
}
