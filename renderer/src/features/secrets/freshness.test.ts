import { describe, expect, it } from 'vitest';
import type { SecretMetadata } from '../../../../shared/domain';
import { ago, changesSinceListed } from './freshness';

const metadata = (extra: Partial<SecretMetadata>): SecretMetadata => ({ name: 'a', providerId: 'p', metadataComplete: true, ...extra });

describe('freshness', () => {
  it('says how old a listing is', () => {
    expect(ago(20_000)).toBe('just now');
    expect(ago(4 * 60_000 + 5_000)).toBe('4 min ago');
    expect(ago(3 * 3_600_000)).toBe('3 h ago');
    expect(ago(72 * 3_600_000)).toBe('3 d ago');
  });

  it('marks a secret whose current version or last change moved since it was listed', () => {
    const listed = { name: 'a', metadataComplete: true, currentVersion: '2', updatedAt: '2026-01-01T00:00:00.000Z', versionCount: 2 };
    expect(changesSinceListed(listed, metadata({ currentVersion: '2', updatedAt: '2026-01-01T00:00:00Z', versionCount: 2 }))).toEqual([]);
    expect(changesSinceListed(listed, metadata({ currentVersion: '3', updatedAt: '2026-01-01T00:00:00Z' }))).toEqual(['current version 2 → 3']);
    expect(changesSinceListed(listed, metadata({ updatedAt: '2026-02-01T00:00:00Z' }))[0]).toMatch(/^last change 2026-01-01 \d\d:\d\d → 2026-02-01/);
    expect(changesSinceListed(listed, metadata({ deleted: true }))).toEqual([]);
    expect(changesSinceListed({ ...listed, deleted: false }, metadata({ deleted: true }))).toEqual(['deleted since']);
  });

  it('claims nothing where the listing knew nothing (Vault names only)', () => {
    expect(changesSinceListed({ name: 'a', metadataComplete: false }, metadata({ currentVersion: '9', updatedAt: '2026-02-01T00:00:00Z' }))).toEqual(
      [],
    );
  });
});
