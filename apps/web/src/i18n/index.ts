import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { cs } from './cs.js';
import { en } from './en.js';

export const LANGUAGES = ['cs', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'klub.lang';

function storedLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'cs';
}

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof cs };
  }
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng: storedLanguage(),
    fallbackLng: 'cs',
    resources: { cs: { translation: cs }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'cs';
}

export async function changeLanguage(lang: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}
