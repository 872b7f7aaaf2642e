import { BarChart, LineChart } from '@mantine/charts';
import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format.js';

export interface MonthPoint {
  label: string;
  income: number;
  members: number;
}

/** Income (bars) and paying members (a line) of the last 24 months. */
export default function MonthsChart({ months }: { months: MonthPoint[] }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} aria-hidden>
      <BarChart
        h={220}
        data={months}
        dataKey="label"
        series={[{ name: 'income', label: t('dashboard.income'), color: 'teal.6' }]}
        valueFormatter={(v) => formatMoney(v)}
        withLegend
        tickLine="y"
      />
      <LineChart
        h={220}
        data={months}
        dataKey="label"
        series={[{ name: 'members', label: t('dashboard.members'), color: 'indigo.6' }]}
        withLegend
        curveType="monotone"
        tickLine="y"
      />
    </SimpleGrid>
  );
}
