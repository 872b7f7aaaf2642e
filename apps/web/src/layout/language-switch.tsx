import { SegmentedControl } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from '../i18n/index.js';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={i18n.language}
      data={LANGUAGES.map((lang) => ({ value: lang, label: lang.toUpperCase(), title: t(`lang.${lang}`) }))}
      onChange={(value) =>
        // The API answers in the language it is asked in (messages, choice labels): ask again.
        void changeLanguage(value as Language).then(() => queryClient.invalidateQueries())
      }
    />
  );
}
