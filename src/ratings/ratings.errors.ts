/** The error codes of 群众评党员 · 星级评比, joined to the catalogue (src/domain/errors.ts) from the feature list. */
import type { ErrorEntry } from '../domain/errors.js';

export const memberRatingErrors = {
  'rating.already_published': {
    status: 409,
    zh: '这个季度的星级评定已经公布过了',
    en: "This quarter's star rating was already published",
  },
} as const satisfies Record<string, ErrorEntry>;

declare module '../domain/errors.js' {
  interface FeatureErrors {
    'rating.already_published': ErrorEntry;
  }
}
