import type { UploadKeeper } from '../channels/adapter.js';
import type { Db } from '../data/database.js';
import { keepUpload } from '../data/uploads.repository.js';
import type { Clock } from '../domain/clock.js';
import type { MediaStore, UploadPolicy } from '../domain/media.js';

/**
 * The web chat's uploads, counted: bytes a page uploads stay on disk until a message names them (or the
 * sweep removes them), so what one identity and the whole deployment may keep within the window is capped.
 */
export function createUploadKeeper(db: Db, store: MediaStore, policy: UploadPolicy, clock: Clock): UploadKeeper {
  return {
    async keep(owner, bytes, mime) {
      const now = clock.now();
      return keepUpload(
        db,
        { owner, size: bytes.length, now },
        {
          identityBytes: policy.identityBytes,
          deploymentBytes: policy.deploymentBytes,
          since: new Date(now.getTime() - policy.windowMs),
        },
        () => store.put(bytes, mime),
      );
    },
  };
}
