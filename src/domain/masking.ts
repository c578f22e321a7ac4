/**
 * Personal numbers in a text shown to people outside the requester's household and its assignee (the
 * admin list, the say-things agenda): a mainland mobile number keeps its first 3 and last 4 digits
 * (138****5678), an 18-character resident ID its first 6 and last 4 (130427********1234). Everything
 * else of the text is left as the resident wrote it. Full-width digits (１３８…) count as digits.
 */

const D = '[0-9\\uFF10-\\uFF19]';
const NOT_DIGIT_BEFORE = `(?<![0-9\\uFF10-\\uFF19])`;
const NOT_ALNUM_AFTER = `(?![0-9\\uFF10-\\uFF19A-Za-z])`;

/** 17 digits and a check digit (0-9 or X), not inside a longer run of digits. */
const RESIDENT_ID = new RegExp(
  `${NOT_DIGIT_BEFORE}(${D}{6})(${D}{8})(${D}{3}[0-9Xx\\uFF10-\\uFF19\\uFF38\\uFF58])${NOT_ALNUM_AFTER}`,
  'g',
);

/** 1[3-9]xxxxxxxxx, optionally +86 / 86 in front and written 138 1234 5678 or 138-1234-5678. */
const MOBILE = new RegExp(
  `${NOT_DIGIT_BEFORE}((?:\\+?(?:86|\\uFF18\\uFF16)[\\s-]?)?)([1\\uFF11][3-9\\uFF13-\\uFF19]${D})([\\s-]?)(${D}{4})([\\s-]?)(${D}{4})(?![0-9\\uFF10-\\uFF19])`,
  'g',
);

export function maskPersonalNumbers(text: string): string {
  return text
    .replace(RESIDENT_ID, (_all, head: string, _birth: string, tail: string) => `${head}********${tail.slice(-4)}`)
    .replace(
      MOBILE,
      (_all, prefix: string, head: string, sep1: string, _middle: string, sep2: string, tail: string) =>
        `${prefix}${head}${sep1}****${sep2}${tail}`,
    );
}
