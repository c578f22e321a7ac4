/**
 * WeCom group robots (群机器人) post into a village's group chat through a webhook whose key is a secret.
 * The outbox names a robot by its group (`group:12`), never by its key; the sender asks for the key here,
 * at the moment of sending, and the core reads it from where it is kept sealed.
 */
export const robotAddress = (groupId: number): string => `group:${groupId}`;

export function groupIdOfRobotAddress(address: string): number | null {
  const m = /^group:(\d{1,9})$/.exec(address);
  return m ? Number(m[1]) : null;
}

export interface GroupRobotKeys {
  /** The webhook key of the robot at this address; null when the group has none (any more) or it cannot be unsealed. */
  keyOf(address: string): Promise<string | null>;
}
