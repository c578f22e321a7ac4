/** Texts longer than this are kept whole in the inbound log but not in a request. */
export const MAX_REQUEST_TEXT = 2000;
