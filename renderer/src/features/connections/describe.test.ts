import { describe, expect, it } from 'vitest';
import { authText, credentialSource, endpointText, usesStoredCredential } from './describe';

describe('connection descriptions', () => {
  it('names the endpoint and auth without anything secret', () => {
    const vault = { kind: 'vault' as const, address: 'https://v:8200', namespace: 'team', auth: { method: 'userpass' as const, username: 'ops' } };
    expect(endpointText(vault)).toBe('https://v:8200 · ns team');
    expect(authText(vault)).toBe('userpass as ops');
    const aws = { kind: 'aws' as const, region: 'eu-west-1', auth: { method: 'profile' as const, profile: 'prod' } };
    expect(endpointText(aws)).toBe('eu-west-1');
    expect(authText(aws)).toBe('profile prod');
    expect(usesStoredCredential(aws)).toBe(false);
    const azure = { kind: 'azure' as const, tenantId: 't1', auth: { method: 'client-secret' as const, clientId: 'c1' } };
    expect(endpointText(azure)).toBe('tenant t1');
    expect(usesStoredCredential(azure)).toBe(true);
    expect(credentialSource(aws)).toBe('from ~/.aws, read when needed');
    expect(credentialSource({ ...azure, auth: { method: 'cli' } })).toBe('from the Azure CLI login');
  });
});
