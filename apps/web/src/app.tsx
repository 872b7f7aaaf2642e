import { useState } from 'react';
import { MantineProvider, createTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import 'dayjs/locale/cs';
import 'dayjs/locale/en-gb';
import { makeQueryClient, makeTrpc, makeTrpcClient, TRPCProvider } from './api/trpc.js';
import { createAppRouter } from './router.js';

const theme = createTheme({
  primaryColor: 'teal',
  // WCAG AA contrast for the filled buttons and links on white.
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'sm',
});

export function App() {
  const { i18n } = useTranslation();
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(makeTrpcClient);
  const [router] = useState(() => createAppRouter({ queryClient, trpc: makeTrpc(trpcClient, queryClient) }));
  return (
    <MantineProvider theme={theme}>
      <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en-gb' : 'cs', firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <RouterProvider router={router} />
          </TRPCProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
