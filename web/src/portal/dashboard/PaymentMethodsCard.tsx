import { Badge, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconCreditCard, IconLock, IconX } from '@tabler/icons-react';
import type { Capabilities } from '../../api/types';
import { t, type MessageKey } from '../../i18n';

const CAPABILITIES: { key: 'canDeposit' | 'canWithdraw' | 'canTrade'; code: string; label: MessageKey }[] = [
  { key: 'canDeposit', code: 'deposit', label: 'capability.deposit' },
  { key: 'canWithdraw', code: 'withdraw', label: 'capability.withdraw' },
  { key: 'canTrade', code: 'trade', label: 'capability.trade' },
];

/** What the client may do with money now, and the payment methods: usable ones, and locked ones with what unlocks them. */
export function PaymentMethodsCard({ capabilities }: { capabilities: Capabilities }) {
  const methods = capabilities.paymentMethods;
  return (
    <Card withBorder radius="md" padding="lg" id="payment-methods" data-testid="payment-methods">
      <Text fw={700} size="sm" tt="uppercase" c="indigo" mb="md">
        {t('payments.title')}
      </Text>
      <Group gap="xs" mb="md">
        {CAPABILITIES.map((capability) => {
          const on = capabilities[capability.key];
          const reason = capabilities.reasons.find((r) => r.capability === capability.code);
          return (
            <Badge
              key={capability.key}
              variant="light"
              color={on ? 'green' : 'gray'}
              leftSection={on ? <IconCheck size={12} /> : <IconX size={12} />}
              title={reason?.message}
              data-testid="capability"
              data-capability={capability.code}
              data-enabled={on}
            >
              {t(capability.label)}: {t(on ? 'capability.on' : 'capability.off')}
            </Badge>
          );
        })}
      </Group>
      {methods.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('payments.none')}
        </Text>
      ) : (
        <Stack gap="sm">
          {methods.map((method) => (
            <Group key={method.id} gap="sm" wrap="nowrap" align="flex-start" data-testid="payment-method" data-method-id={method.id} data-visible={method.visible}>
              <ThemeIcon variant="light" color={method.visible ? 'indigo' : 'gray'} radius="md" aria-hidden>
                {method.visible ? <IconCreditCard size={18} /> : <IconLock size={18} />}
              </ThemeIcon>
              <div style={{ flex: 1 }}>
                <Group gap="xs">
                  <Text fw={600} c={method.visible ? undefined : 'dimmed'}>
                    {method.name}
                  </Text>
                  {method.visible ? (
                    method.directions.map((direction) => (
                      <Badge key={direction} size="xs" variant="outline">
                        {t(direction === 'deposit' ? 'payments.deposit' : 'payments.withdrawal')}
                      </Badge>
                    ))
                  ) : (
                    <Badge size="xs" variant="outline" color="gray">
                      {t('payments.locked')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {method.visible ? t('payments.currencies', { currencies: method.currencies.join(', ') }) : method.hiddenBecause}
                </Text>
              </div>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
