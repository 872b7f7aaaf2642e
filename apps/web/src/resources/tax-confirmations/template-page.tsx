import { Alert, Button, Checkbox, FileInput, Group, Image, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RouterOutputs } from '@klub/api/router';
import { fieldErrorsOf, formErrorOf } from '../../api/field-errors.js';
import { restFetch } from '../../api/rest.js';
import { useTRPC } from '../../api/trpc.js';
import { ErrorState, PageLoader } from '../../components/states.js';
import { useUnits } from '../../components/unit-select.js';

export const Route = createLazyRoute('/staff/tax-confirmations/template/$unitId')({ component: TemplatePage });

type Template = RouterOutputs['admin']['taxConfirmations']['template'];
const TEXT_FIELDS = ['issuer_name', 'issuer_address', 'issuer_ico', 'place', 'signatory', 'text_cs', 'text_en'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const IMAGES = ['logo', 'signature'] as const;
type ImageField = (typeof IMAGES)[number];
const FIELDS: readonly string[] = [...TEXT_FIELDS, ...IMAGES];

function TemplatePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { unitId } = Route.useParams();
  const { year } = Route.useSearch();
  const template = useQuery(trpc.admin.taxConfirmations.template.queryOptions({ id: unitId }));
  const unitName = useUnits().data?.results.find((u) => u.id === unitId)?.name ?? `#${unitId}`;
  return (
    <Stack maw={860}>
      <Text size="sm">
        <Link to="/tax-confirmations" search={{ unit: unitId, year }}>
          ← {t('tax.template.back')}
        </Link>
      </Text>
      <Title order={2}>{t('tax.template.title', { unit: unitName })}</Title>
      {template.error ? (
        <ErrorState error={template.error} onRetry={() => void template.refetch()} />
      ) : !template.data ? (
        <PageLoader />
      ) : (
        <TemplateForm key={template.data.updated ?? 'defaults'} unitId={unitId} template={template.data} />
      )}
    </Stack>
  );
}

/** The template's fields; a save sends only what changed (multipart, so images travel with it). */
function TemplateForm({ unitId, template }: { unitId: number; template: Template }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = Object.fromEntries(TEXT_FIELDS.map((k) => [k, template[k] ?? ''])) as Record<TextField, string>;
  const [values, setValues] = useState(initial);
  const [files, setFiles] = useState<Record<ImageField, File | null>>({ logo: null, signature: null });
  const [remove, setRemove] = useState<Record<ImageField, boolean>>({ logo: false, signature: false });
  const save = useMutation({
    mutationFn: async () => {
      const body = new FormData();
      for (const k of TEXT_FIELDS) if (values[k] !== initial[k] || !template.custom) body.append(k, values[k]);
      for (const k of IMAGES) {
        const file = files[k];
        if (file) body.append(k, file);
        else if (remove[k]) body.append(k, '');
      }
      const res = await restFetch(`/api/admin/tax_confirmations/templates/${unitId}/`, { method: 'PATCH', body });
      return (await res.json()) as Template;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(trpc.admin.taxConfirmations.template.queryKey({ id: unitId }), saved);
      notifications.show({ message: t('common.saved') });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const err = (k: string) => errors[k]?.join(' ');
  const text = (k: TextField, o: { description?: string; rows?: number } = {}) => {
    const props = {
      label: t(`tax.template.${k}`),
      name: k,
      description: o.description,
      value: values[k],
      onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
        const value = e.currentTarget.value;
        setValues((prev) => ({ ...prev, [k]: value }));
      },
      error: err(k),
    };
    return o.rows ? <Textarea {...props} autosize minRows={o.rows} /> : <TextInput {...props} />;
  };
  const variables = template.variables.map((v) => `{${v}}`).join(', ');
  const general = formErrorOf(save.error, FIELDS);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        {!template.custom && (
          <Alert color="blue" variant="light">
            {t('tax.template.defaults')}
          </Alert>
        )}
        <Title order={3} size="h4">
          {t('tax.template.issuer')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('issuer_name', { description: t('tax.template.unitDefault') })}
          {text('issuer_ico', { description: t('tax.template.unitDefault') })}
        </SimpleGrid>
        {text('issuer_address', { description: t('tax.template.unitDefault') })}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('place', { description: t('tax.template.placeHelp') })}
          {text('signatory')}
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t('tax.template.variables', { list: variables })}
        </Text>
        {text('text_cs', { rows: 6 })}
        {text('text_en', { rows: 4, description: t('tax.template.textEnHelp') })}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {IMAGES.map((k) => {
            const current = template[k === 'logo' ? 'logo_url' : 'signature_url'];
            return (
              <Stack key={k} gap="xs">
                <FileInput
                  label={t(`tax.template.${k}`)}
                  name={k}
                  description={t('tax.template.imageHelp')}
                  accept="image/png,image/jpeg"
                  clearable
                  value={files[k]}
                  onChange={(file) => setFiles((prev) => ({ ...prev, [k]: file }))}
                  error={err(k)}
                />
                {current && !files[k] && (
                  <Group>
                    <Image src={current} alt={t('tax.template.current', { what: t(`tax.template.${k}`) })} h={48} w="auto" fit="contain" />
                    <Checkbox
                      label={t('tax.template.remove')}
                      checked={remove[k]}
                      onChange={(e) => {
                        const checked = e.currentTarget.checked;
                        setRemove((prev) => ({ ...prev, [k]: checked }));
                      }}
                    />
                  </Group>
                )}
              </Stack>
            );
          })}
        </SimpleGrid>
        {general && (
          <Text c="red" size="sm" role="alert">
            {general}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
