import { createRequire } from 'node:module';
import { Font } from '@react-pdf/renderer';

const require = createRequire(import.meta.url);

/** The one family every document uses: embedded and subset, so Czech text never depends on system fonts. */
export const FONT_FAMILY = 'Noto Sans';

let registered = false;

/**
 * Registers Noto Sans (the TTFs shipped in `@expo-google-fonts/noto-sans`, full Latin Extended-A,
 * so ě š č ř ž ý á í é ů ú ť ď ň come out as written) once per process.
 */
export function registerFonts(): void {
  if (registered) return;
  Font.register({
    family: FONT_FAMILY,
    fonts: [
      { src: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'), fontWeight: 400 },
      { src: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'), fontWeight: 700 },
    ],
  });
  // Czech words are not to be split with hyphens the renderer invents.
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}
