import type { Identity } from '../provider';

/**
 * Who a Microsoft Entra access token says we are. The token is not verified here (Key Vault
 * verifies it); its claims only name the principal for the audit trail and the expiry.
 */
export function identityFromToken(token: string, expiresOnTimestamp: number): Identity {
  const claims = decodeClaims(token);
  const text = (key: string): string | undefined => {
    const value = claims[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const who = text('upn') ?? text('preferred_username') ?? text('unique_name') ?? (text('appid') ? `app ${text('appid')}` : undefined);
  const oid = text('oid');
  const principal = [who, oid !== undefined ? `oid ${oid}` : undefined].filter((part) => part !== undefined).join(', ');
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : expiresOnTimestamp;
  return { principal: principal !== '' ? principal : 'unknown principal', expiresAt: new Date(exp).toISOString() };
}

function decodeClaims(token: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // An opaque (non-JWT) token names no one; the principal stays unknown.
    return {};
  }
}
