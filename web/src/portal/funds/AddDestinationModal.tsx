import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertCircle, IconShieldCheck } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { PayoutDestinationKind, PortalPayoutDestination } from '../../api/withdrawal-types';
import { portalWithdrawalApi } from '../../api/withdrawals';
import { useSubmit } from '../../hooks/useSubmit';
import { t } from '../../i18n';
import { newIdempotencyKey } from '../../lib/idempotency';
import { CRYPTO_NETWORKS, DESTINATION_KINDS, detailsOf } from '../../lib/payout-destinations';
import { portalErrorMessage } from '../errors';
import { destinationKindLabel } from './withdrawal-status';

interface AddDestinationModalProps {
  /** Open with this kind chosen; null: closed. */
  kind: PayoutDestinationKind | null;
  /** The client's own name, offered as the holder (payouts go only to accounts in the client's name). */
  holderName: string;
  onClose: () => void;
  onAdded: (destination: PortalPayoutDestination) => void;
}

/** Adding a payout destination, in a dialog (full screen on a phone). */
export function AddDestinationModal({ kind, holderName, onClose, onAdded }: AddDestinationModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={kind !== null} onClose={onClose} title={<Text fw={700}>{t('destination.add.title')}</Text>} size="lg" fullScreen={phone} data-testid="destination-modal">
      {kind !== null && <DestinationForm key={kind} initialKind={kind} holderName={holderName} onCancel={onClose} onAdded={onAdded} />}
    </Modal>
  );
}

/** `details.field` of a single-field refusal (e.g. a detail of another kind). */
function singleField(error: ApiError | null): string | null {
  const details = error?.details;
  if (details && typeof details === 'object' && !Array.isArray(details)) {
    const field = (details as Record<string, unknown>)['field'];
    if (typeof field === 'string') return field;
  }
  return null;
}

function DestinationForm({ initialKind, holderName: initialHolder, onCancel, onAdded }: { initialKind: PayoutDestinationKind; holderName: string; onCancel: () => void; onAdded: (d: PortalPayoutDestination) => void }) {
  const [kind, setKind] = useState<PayoutDestinationKind>(initialKind);
  const [holderName, setHolderName] = useState(initialHolder);
  const [bankBy, setBankBy] = useState<'iban' | 'number'>('iban');
  const [values, setValues] = useState<Record<string, string>>({ network: 'bitcoin' });
  const attemptKey = useRef(newIdempotencyKey('destination'));
  const submit = useSubmit(portalWithdrawalApi.addDestination);

  const fieldErrors = submit.error ? { ...submit.error.fields } : {};
  const single = singleField(submit.error);
  if (submit.error && single && !fieldErrors[single]) fieldErrors[single] = submit.error.message;
  const shown = ['holderName', ...(kind === 'bank_account' ? (bankBy === 'iban' ? ['iban', 'bic'] : ['accountNumber', 'bankCode', 'bic']) : kind === 'e_wallet' ? ['provider', 'email', 'accountId'] : ['network', 'address'])];
  const unplaced = Object.entries(fieldErrors).filter(([name]) => !shown.includes(name));
  const otherError = submit.error && (Object.keys(fieldErrors).length === 0 || unplaced.length > 0) ? submit.error : null;

  const changed = () => {
    attemptKey.current = newIdempotencyKey('destination');
    submit.setError(null);
  };
  const set = (field: string) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    changed();
  };
  const input = (field: string) => ({
    value: values[field] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => set(field)(e.currentTarget.value),
    error: fieldErrors[field],
    'data-testid': `destination-${field}`,
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = kind === 'bank_account' ? (bankBy === 'iban' ? { iban: values.iban ?? '', bic: values.bic ?? '' } : { accountNumber: values.accountNumber ?? '', bankCode: values.bankCode ?? '', bic: values.bic ?? '' }) : values;
    const result = await submit.run({ kind, holderName: holderName.trim(), details: detailsOf(kind, fields) }, attemptKey.current);
    if (!result.ok) {
      attemptKey.current = newIdempotencyKey('destination');
      return;
    }
    onAdded(result.value.destination);
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate data-testid="destination-form" data-kind={kind}>
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="destination-kind-label">
            {t('destination.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="destination-kind-label"
            data={DESTINATION_KINDS.map((k) => ({ value: k, label: destinationKindLabel(k) }))}
            value={kind}
            onChange={(value) => {
              setKind(value as PayoutDestinationKind);
              changed();
            }}
            fullWidth
            data-testid="destination-kind"
          />
        </Stack>

        <TextInput
          label={t('destination.holderName')}
          description={t('destination.holderName.hint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          withAsterisk
          autoComplete="name"
          maxLength={200}
          value={holderName}
          onChange={(e) => {
            setHolderName(e.currentTarget.value);
            changed();
          }}
          error={fieldErrors['holderName']}
          data-testid="destination-holderName"
        />

        {kind === 'bank_account' && (
          <>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="destination-bank-by-label">
                {t('destination.bank.by')}
              </Text>
              <SegmentedControl
                aria-labelledby="destination-bank-by-label"
                data={[
                  { value: 'iban', label: t('destination.bank.byIban') },
                  { value: 'number', label: t('destination.bank.byNumber') },
                ]}
                value={bankBy}
                onChange={(value) => {
                  setBankBy(value as 'iban' | 'number');
                  changed();
                }}
                w="fit-content"
                data-testid="destination-bank-by"
              />
            </Stack>
            {bankBy === 'iban' ? (
              <TextInput label={t('destination.iban')} placeholder={t('destination.iban.placeholder')} withAsterisk autoComplete="off" spellCheck={false} maxLength={64} {...input('iban')} />
            ) : (
              <>
                <TextInput label={t('destination.accountNumber')} withAsterisk autoComplete="off" spellCheck={false} maxLength={64} {...input('accountNumber')} />
                <TextInput label={t('destination.bankCode')} description={t('destination.bankCode.hint')} inputWrapperOrder={['label', 'input', 'description', 'error']} autoComplete="off" maxLength={32} {...input('bankCode')} />
              </>
            )}
            <TextInput
              label={t('destination.bic')}
              description={bankBy === 'iban' ? t('destination.bic.optional') : t('destination.bic.orBankCode')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              autoComplete="off"
              spellCheck={false}
              maxLength={16}
              {...input('bic')}
            />
          </>
        )}

        {kind === 'e_wallet' && (
          <>
            <TextInput label={t('destination.provider')} placeholder={t('destination.provider.placeholder')} maxLength={64} {...input('provider')} />
            <Text size="xs" c="dimmed">
              {t('destination.eWallet.hint')}
            </Text>
            <TextInput label={t('destination.email')} type="email" autoComplete="email" maxLength={200} {...input('email')} />
            <TextInput label={t('destination.accountId')} autoComplete="off" maxLength={64} {...input('accountId')} />
          </>
        )}

        {kind === 'crypto_address' && (
          <>
            <Select
              label={t('destination.network')}
              withAsterisk
              allowDeselect={false}
              data={CRYPTO_NETWORKS.map((network) => ({ value: network, label: t(`destination.network.${network}`) }))}
              value={values.network ?? 'bitcoin'}
              onChange={(value) => set('network')(value ?? 'bitcoin')}
              error={fieldErrors['network']}
              data-testid="destination-network"
            />
            <TextInput label={t('destination.address')} withAsterisk autoComplete="off" spellCheck={false} maxLength={128} ff="monospace" {...input('address')} />
          </>
        )}

        <Alert color="blue" variant="light" icon={<IconShieldCheck size={18} />} data-testid="destination-check-note">
          {t('destinations.checkNote')}
        </Alert>

        {otherError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="form-error" data-code={otherError.code}>
            {unplaced.length > 0 ? unplaced.map(([, message]) => message).join(' ') : portalErrorMessage(otherError)}
          </Alert>
        )}

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('destination.cancel')}
          </Button>
          <Button type="submit" loading={submit.loading} data-testid="destination-save">
            {t('destination.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
