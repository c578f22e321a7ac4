import type { Telegram } from 'telegraf';
import type { FetchedMedia } from '../../src/channels/adapter.js';

/** Bots may download files up to 20 MB (the Bot API's own limit): anything longer is not read to the end. */
const MAX_DOWNLOAD = 20 * 1024 * 1024;
const FILE_PATH = /^[\w\-./]{1,256}$/;

/** getFile, then the file from `<apiRoot>/file/bot<token>/<file_path>`. Throws (the core tries again later) when either fails. */
export async function fetchTelegramFile(
  telegram: Telegram,
  apiRoot: string,
  token: string,
  fileId: string,
): Promise<FetchedMedia> {
  const file = await telegram.getFile(fileId);
  const path = file.file_path;
  if (!path || !FILE_PATH.test(path) || path.includes('..'))
    throw new Error('telegram getFile gave no usable file_path');
  if (file.file_size !== undefined && file.file_size > MAX_DOWNLOAD)
    throw new Error('telegram file too large to download');
  const res = await fetch(`${apiRoot.replace(/\/+$/, '')}/file/bot${token}/${path}`, {
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok || !res.body) throw new Error(`telegram file download: HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_DOWNLOAD) throw new Error('telegram file larger than it said');
    chunks.push(Buffer.from(chunk));
  }
  return {
    bytes: Buffer.concat(chunks),
    mime: res.headers.get('content-type') ?? 'application/octet-stream',
    fileName: path.split('/').pop() ?? null,
  };
}
