import { en } from './en.js';
import type { FeatureTexts, Language, Texts } from './texts.js';
import { zh } from './zh.js';

export type { CoreTexts, FeatureTexts, Language, Texts } from './texts.js';

/** A feature's sentences in both languages, each typed by its interface: a missing en text does not compile. */
export interface TextTables<T> {
  zh: T;
  en: T;
}

const installed: { zh: Partial<FeatureTexts>; en: Partial<FeatureTexts> } = { zh: {}, en: {} };

/**
 * The features' sentences join the tables under their names (the one feature list, src/features.ts, calls this
 * when loaded; a test may install a list with a fixture of its own). The tables are the same objects before and
 * after, so a module that kept `textsFor('zh')` sees the features' sentences too.
 */
export function installTexts(features: Readonly<Record<string, TextTables<unknown>>>): void {
  for (const lang of ['zh', 'en'] as const) {
    const table = (lang === 'zh' ? zh : en) as Record<string, unknown>;
    for (const name of Object.keys(installed[lang])) Reflect.deleteProperty(table, name);
    installed[lang] = {};
    for (const [name, tables] of Object.entries(features)) {
      table[name] = tables[lang];
      (installed[lang] as Record<string, unknown>)[name] = tables[lang];
    }
  }
}

// The core's tables and the features' merged in: Texts once src/features.ts has installed them.
export function textsFor(language: string | null | undefined): Texts {
  return (language === 'en' ? en : zh) as Texts;
}

/** Chinese unless the person's app is set to English. */
export function languageOf(platformLanguage: string | null | undefined): Language {
  return typeof platformLanguage === 'string' && platformLanguage.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
