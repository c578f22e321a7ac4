/**
 * Who reads a household's phone in full: the village secretary (and the operator) and the leader or deputy
 * of the household's own group, who call it. Everybody else on the desk reads it masked (138****1234):
 * enough to tell two numbers apart, not enough to call. No ID numbers are stored; should they be, only
 * the secretary reads them in full (maskIdNumber).
 */
export interface PhoneReader {
  /** The secretary of the household's village, or the operator. */
  secretary: boolean;
  /** The ids of the groups this person leads or deputises for. */
  ledGroupIds: readonly number[];
}

export const readsPhoneInFull = (reader: PhoneReader, householdGroupId: number): boolean =>
  reader.secretary || reader.ledGroupIds.includes(householdGroupId);

/** `13812341234` → `138****1234`; a short number keeps its last four only; null stays null. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(digits.length - 4, 1))}${digits.slice(-4)}`;
}

/** An ID number (身份证号) with its first and last four kept: `1304**********1234`. */
export function maskIdNumber(id: string | null): string | null {
  if (id === null) return null;
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

export const phoneFor = (reader: PhoneReader, household: { groupId: number; phone: string | null }): string | null =>
  readsPhoneInFull(reader, household.groupId) ? household.phone : maskPhone(household.phone);
