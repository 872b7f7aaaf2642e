import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { formErrorOf } from '../../api/field-errors.js';
import { useTRPC } from '../../api/trpc.js';
import { formatDate, formatMoney } from '../../format.js';

type Payment = RouterOutputs['admin']['payments']['retrieve'];

/**
 * The original's manual pairing: find the donor channel by VS, the donor's name or e-mail, and
 * the amount they give, then attach the payment to it (the API recomputes the channel's totals).
 */
export function PairModal({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(payment.VS ?? '');
  const [search] = useDebouncedValue(text, 300);
  const channels = useQuery({
    ...trpc.admin.donorPaymentChannels.list.queryOptions({ search, page_size: '10' }),
    placeholderData: keepPreviousData,
  });
  const pair = useMutation(
    trpc.admin.payments.partialUpdate.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        onClose();
      },
    }),
  );
  return (
    <Modal opened onClose={onClose} title={t('statements.pairTitle')} size="xl">
      <Stack>
        <Text size="sm">
          {t('statements.pairWhat', { name: payment.account_name || '—', amount: formatMoney(payment.amount), date: formatDate(payment.date), vs: payment.VS || '—' })}
        </Text>
        <TextInput label={t('statements.findChannel')} description={t('statements.findChannelHelp')} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
        <DataTable
          withTableBorder
          minHeight={120}
          fetching={channels.isFetching}
          records={channels.data?.results ?? []}
          noRecordsText={t('common.empty')}
          rowStyle={(c) => (c.regular_amount === payment.amount ? { fontWeight: 600 } : undefined)}
          columns={[
            { accessor: 'VS', title: 'VS' },
            { accessor: 'user', title: t('donations.donor'), render: (c) => `#${c.user}` },
            { accessor: 'regular_amount', title: t('donations.amount'), render: (c) => formatMoney(c.regular_amount) },
            { accessor: 'payment_total', title: t('donations.total'), render: (c) => formatMoney(c.payment_total) },
            {
              accessor: 'actions',
              title: '',
              textAlign: 'right',
              render: (c) => (
                <Button size="xs" loading={pair.isPending && pair.variables?.user_donor_payment_channel === c.id} onClick={() => pair.mutate({ id: payment.id, user_donor_payment_channel: c.id })}>
                  {t('statements.pairTo', { vs: c.VS })}
                </Button>
              ),
            },
          ]}
        />
        {pair.error && (
          <Text c="red" size="sm" role="alert">
            {formErrorOf(pair.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
