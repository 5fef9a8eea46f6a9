import { KeyholeError } from '../../../../../shared/errors';

/**
 * The versions cursor the renderer holds: the SDK's continuation token (an absolute nextLink)
 * and the current version found on the first page. The link is checked on the way back in: the
 * SDK would follow any URL it is given, and a foreign origin must not see our requests.
 */
export interface VersionsCursor {
  link: string;
  current?: string;
}

export function encodeCursor(cursor: VersionsCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(cursor: string, vaultOrigin: string, name: string): VersionsCursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<VersionsCursor>;
    if (typeof parsed.link === 'string' && (parsed.current === undefined || typeof parsed.current === 'string')) {
      const url = new URL(parsed.link);
      if (url.origin === vaultOrigin && url.pathname.toLowerCase() === `/secrets/${name.toLowerCase()}/versions`) {
        return { link: parsed.link, ...(parsed.current !== undefined ? { current: parsed.current } : {}) };
      }
    }
  } catch {
    // Falls through to the refusal: a cursor is only ever one we issued.
  }
  throw new KeyholeError('INVALID_INPUT', { path: name });
}
