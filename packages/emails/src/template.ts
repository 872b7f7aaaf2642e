import type { ReactElement } from 'react';
import type { Lang } from './lang.js';

/** One e-mail: its component, its subject line and sample props for the preview. */
export interface EmailTemplate<P extends { lang: Lang }> {
  name: string;
  component: (props: P) => ReactElement;
  subject: (props: P, lang: Lang) => string;
  previewProps: P;
}
