// The English package's feedback sentences alone: its index also decompresses the English
// dictionaries at import (about 10 MB of heap), which the server does not use.
declare module '@zxcvbn-ts/language-en/dist/translations.mjs' {
  import type { TranslationKeys } from '@zxcvbn-ts/core';

  const translations: TranslationKeys;
  export default translations;
}
