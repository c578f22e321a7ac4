import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals short secrets (a WeCom robot's webhook key) for storage: AES-256-GCM under a key derived (HKDF-SHA256)
 * from a deployment secret — the admin token — so a database dump or backup alone does not reveal them.
 * Changing the admin token leaves sealed values unreadable until they are imported again.
 */
export interface SecretBox {
  seal(plain: string): string;
  /** null when the value was sealed under another secret or is damaged. */
  open(sealed: string): string | null;
}

const VERSION = 'v1';

export function secretBox(deploymentSecret: string, purpose: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', deploymentSecret, 'linli secret box', purpose, 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const [version, data] = sealed.split(':', 2);
      if (version !== VERSION || !data) return null;
      const raw = Buffer.from(data, 'base64');
      if (raw.length < 29) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

/** The box robot webhook keys are sealed in. */
export const robotKeyBox = (adminToken: string): SecretBox => secretBox(adminToken, 'wecom robot webhook key');
