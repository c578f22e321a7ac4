import { en } from './en.js';
import type { Language, Texts } from './texts.js';
import { zh } from './zh.js';

export type { Language, Texts } from './texts.js';

export function textsFor(language: string | null | undefined): Texts {
  return language === 'en' ? en : zh;
}

/** Chinese unless the person's app is set to English. */
export function languageOf(platformLanguage: string | null | undefined): Language {
  return typeof platformLanguage === 'string' && platformLanguage.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
