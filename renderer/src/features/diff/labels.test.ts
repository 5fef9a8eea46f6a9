import { describe, expect, it } from 'vitest';
import { promotionRoute, promotionTarget } from './labels';

const side = (connectionName: string | null, environmentName: string | null) => ({
  environmentId: '00000000-0000-4000-8000-000000000001',
  connectionName,
  environmentName,
});

describe('promotion labels', () => {
  it('names the connection once when both sides share it', () => {
    expect(promotionRoute({ from: side('Vault', 'staging'), target: { ...side('Vault', 'production'), readOnly: false } })).toBe(
      'Vault / staging → production',
    );
  });

  it('names both connections when they differ, and a removed environment as such', () => {
    expect(promotionRoute({ from: side('Vault', 'staging'), target: { ...side('AWS', 'production'), readOnly: false } })).toBe(
      'Vault / staging → AWS / production',
    );
    expect(promotionRoute({ from: side(null, null), target: { ...side('AWS', 'production'), readOnly: false } })).toBe(
      'a removed environment → AWS / production',
    );
    expect(promotionTarget({ target: { ...side(null, null), readOnly: false } })).toBe('a removed environment');
  });
});
