import { randomUUID } from 'node:crypto';
import { SecretsManager } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawClient } from '../../core/providers/aws/testing';
import { generateSeed } from '../seed/generate';
import type { SandboxServer } from '../server-handle';
import { startAwsSandbox, type AwsSandboxInfo } from './index';

/** Secrets Manager's documented rules, checked through the official SDK against the sandbox. */
let server: SandboxServer<AwsSandboxInfo>;
let sm: SecretsManager;
let clockOffset = 0;
const seed = generateSeed({ count: 40, seed: 11 });

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { name: string }).name;
  }
  return 'no error';
}

function stagesOf(map: Record<string, string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, stages] of Object.entries(map ?? {})) for (const s of stages) out[s] = id;
  return out;
}

beforeAll(async () => {
  server = await startAwsSandbox({ seed, now: () => Date.now() + clockOffset });
  sm = rawClient(server.info);
});

afterAll(async () => {
  sm.destroy();
  await server.close();
});

describe('versions and staging labels', () => {
  it('moves AWSCURRENT and AWSPREVIOUS on a plain PutSecretValue and deprecates the old previous', async () => {
    const created = await sm.createSecret({ Name: 'labels/a', SecretString: 'v1' });
    const v2 = await sm.putSecretValue({ SecretId: 'labels/a', SecretString: 'v2' });
    const v3 = await sm.putSecretValue({ SecretId: 'labels/a', SecretString: 'v3' });
    expect(v3.VersionStages).toEqual(['AWSCURRENT']);
    const described = await sm.describeSecret({ SecretId: 'labels/a' });
    expect(stagesOf(described.VersionIdsToStages)).toEqual({ AWSCURRENT: v3.VersionId, AWSPREVIOUS: v2.VersionId });
    expect(Object.keys(described.VersionIdsToStages ?? {})).not.toContain(created.VersionId);
    const all = await sm.listSecretVersionIds({ SecretId: 'labels/a', IncludeDeprecated: true });
    expect(all.Versions?.map((v) => v.VersionId).sort()).toEqual([created.VersionId, v2.VersionId, v3.VersionId].sort());
    expect(all.Versions?.find((v) => v.VersionId === created.VersionId)?.VersionStages ?? []).toEqual([]);
    expect((await sm.getSecretValue({ SecretId: 'labels/a', VersionStage: 'AWSPREVIOUS' })).SecretString).toBe('v2');
    expect((await sm.getSecretValue({ SecretId: 'labels/a', VersionId: created.VersionId })).SecretString).toBe('v1');
  });

  it('makes PutSecretValue idempotent by ClientRequestToken', async () => {
    const token = randomUUID();
    const first = await sm.putSecretValue({ SecretId: 'labels/a', ClientRequestToken: token, SecretString: 'same' });
    const again = await sm.putSecretValue({ SecretId: 'labels/a', ClientRequestToken: token, SecretString: 'same' });
    expect(again.VersionId).toBe(first.VersionId);
    expect(first.VersionId).toBe(token);
    expect(await errorName(sm.putSecretValue({ SecretId: 'labels/a', ClientRequestToken: token, SecretString: 'different' }))).toBe(
      'ResourceExistsException',
    );
    const listed = await sm.listSecretVersionIds({ SecretId: 'labels/a', IncludeDeprecated: true });
    expect(listed.Versions?.filter((v) => v.VersionId === token).length).toBe(1);
  });

  it('leaves AWSCURRENT alone when other stages are given', async () => {
    const before = stagesOf((await sm.describeSecret({ SecretId: 'labels/a' })).VersionIdsToStages);
    const staged = await sm.putSecretValue({ SecretId: 'labels/a', SecretString: 'staged', VersionStages: ['MY-STAGE'] });
    const after = stagesOf((await sm.describeSecret({ SecretId: 'labels/a' })).VersionIdsToStages);
    expect(after.AWSCURRENT).toBe(before.AWSCURRENT);
    expect(after['MY-STAGE']).toBe(staged.VersionId);
  });

  it('moves AWSCURRENT with UpdateSecretVersionStage only from the version holding it', async () => {
    const stages = stagesOf((await sm.describeSecret({ SecretId: 'labels/a' })).VersionIdsToStages);
    const target = stages['MY-STAGE'] ?? '';
    expect(await errorName(sm.updateSecretVersionStage({ SecretId: 'labels/a', VersionStage: 'AWSCURRENT', MoveToVersionId: target }))).toBe(
      'InvalidParameterException',
    );
    expect(
      await errorName(
        sm.updateSecretVersionStage({
          SecretId: 'labels/a',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: target,
          RemoveFromVersionId: stages.AWSPREVIOUS,
        }),
      ),
    ).toBe('InvalidParameterException');
    expect(
      await errorName(sm.updateSecretVersionStage({ SecretId: 'labels/a', VersionStage: 'AWSCURRENT', RemoveFromVersionId: stages.AWSCURRENT })),
    ).toBe('InvalidParameterException');
    await sm.updateSecretVersionStage({
      SecretId: 'labels/a',
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: target,
      RemoveFromVersionId: stages.AWSCURRENT,
    });
    const after = stagesOf((await sm.describeSecret({ SecretId: 'labels/a' })).VersionIdsToStages);
    expect(after.AWSCURRENT).toBe(target);
    expect(after.AWSPREVIOUS).toBe(stages.AWSCURRENT);
    await sm.updateSecretVersionStage({ SecretId: 'labels/a', VersionStage: 'MY-STAGE', RemoveFromVersionId: target });
    expect(stagesOf((await sm.describeSecret({ SecretId: 'labels/a' })).VersionIdsToStages)['MY-STAGE']).toBeUndefined();
  });

  it('pages ListSecretVersionIds', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await sm.listSecretVersionIds({
        SecretId: 'labels/a',
        MaxResults: 2,
        IncludeDeprecated: true,
        ...(token ? { NextToken: token } : {}),
      });
      expect((page.Versions ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(page.Versions ?? []).map((v) => v.VersionId ?? ''));
      token = page.NextToken;
    } while (token);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(5);
  });

  it('limits values to 65,536 bytes and refuses both value kinds together', async () => {
    await sm.createSecret({ Name: 'size/limit', SecretString: 'x'.repeat(65_536) });
    expect(await errorName(sm.putSecretValue({ SecretId: 'size/limit', SecretString: 'é'.repeat(32_769) }))).toBe('ValidationException');
    expect(await errorName(sm.putSecretValue({ SecretId: 'size/limit', SecretString: 'a', SecretBinary: new Uint8Array([1]) }))).toBe(
      'InvalidParameterException',
    );
    expect(await errorName(sm.createSecret({ Name: 'bad name' }))).toBe('InvalidParameterException');
    expect(await errorName(sm.createSecret({ Name: 'size/limit' }))).toBe('ResourceExistsException');
  });
});

describe('deletion', () => {
  it('validates recovery windows, refuses use while scheduled, restores, purges and force-deletes', async () => {
    await sm.createSecret({ Name: 'del/a', SecretString: 'a' });
    expect(await errorName(sm.deleteSecret({ SecretId: 'del/a', RecoveryWindowInDays: 6 }))).toBe('InvalidParameterException');
    expect(await errorName(sm.deleteSecret({ SecretId: 'del/a', RecoveryWindowInDays: 31 }))).toBe('InvalidParameterException');
    expect(await errorName(sm.deleteSecret({ SecretId: 'del/a', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }))).toBe(
      'InvalidParameterException',
    );
    const deleted = await sm.deleteSecret({ SecretId: 'del/a' });
    expect((deleted.DeletionDate?.getTime() ?? 0) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    expect(await errorName(sm.getSecretValue({ SecretId: 'del/a' }))).toBe('InvalidRequestException');
    expect(await errorName(sm.putSecretValue({ SecretId: 'del/a', SecretString: 'b' }))).toBe('InvalidRequestException');
    expect(await errorName(sm.createSecret({ Name: 'del/a', SecretString: 'b' }))).toBe('InvalidRequestException');
    expect((await sm.describeSecret({ SecretId: 'del/a' })).DeletedDate).toBeInstanceOf(Date);
    const visible = async (include: boolean) =>
      ((await sm.listSecrets({ IncludePlannedDeletion: include, Filters: [{ Key: 'name', Values: ['del/'] }] })).SecretList ?? []).length;
    expect(await visible(false)).toBe(0);
    expect(await visible(true)).toBe(1);
    await sm.restoreSecret({ SecretId: 'del/a' });
    expect((await sm.getSecretValue({ SecretId: 'del/a' })).SecretString).toBe('a');

    await sm.deleteSecret({ SecretId: 'del/a', RecoveryWindowInDays: 7 });
    clockOffset = 8 * 86_400_000;
    // A client whose SDK may resend once after correcting its clock to the service's.
    const later = new SecretsManager({
      endpoint: server.info.endpoint,
      region: server.info.region,
      credentials: { accessKeyId: server.info.accessKeyId, secretAccessKey: server.info.secretAccessKey },
      maxAttempts: 2,
    });
    try {
      expect(await errorName(later.describeSecret({ SecretId: 'del/a' }))).toBe('ResourceNotFoundException');
    } finally {
      clockOffset = 0;
      later.destroy();
    }
    await sm.createSecret({ Name: 'del/a', SecretString: 'reborn' });
    await sm.deleteSecret({ SecretId: 'del/a', ForceDeleteWithoutRecovery: true });
    expect(await errorName(sm.describeSecret({ SecretId: 'del/a' }))).toBe('ResourceNotFoundException');
  });
});

describe('listing and batches', () => {
  it('pages ListSecrets over every secret exactly once, in either order', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await sm.listSecrets({ MaxResults: 7, SortOrder: order, IncludePlannedDeletion: true, ...(token ? { NextToken: token } : {}) });
        names.push(...(page.SecretList ?? []).map((s) => s.Name ?? ''));
        token = page.NextToken;
      } while (token);
      expect(new Set(names).size).toBe(names.length);
      expect(names.length).toBe(seed.staging.secrets.length + seed.production.secrets.length + 2 + 2); // two binary secrets, two made above
    }
    expect(await errorName(sm.listSecrets({ NextToken: 'garbage' }))).toBe('InvalidNextTokenException');
  });

  it('filters by name words, tags, description, negation and all', async () => {
    const names = async (filters: Array<{ Key: 'name' | 'tag-key' | 'tag-value' | 'description' | 'all'; Values: string[] }>) =>
      ((await sm.listSecrets({ Filters: filters, MaxResults: 100 })).SecretList ?? []).map((s) => s.Name ?? '');
    await sm.createSecret({ Name: 'team/production/word-match', SecretString: 'x', Description: 'Legacy Importer' });
    const prod = await names([{ Key: 'name', Values: ['production/'] }]);
    expect(prod).toContain('team/production/word-match');
    expect(prod.filter((n) => !n.startsWith('production/'))).toEqual(['team/production/word-match']);
    expect(await names([{ Key: 'name', Values: ['Production/'] }])).toEqual([]);
    const notProd = await names([{ Key: 'name', Values: ['!production/'] }]);
    expect(notProd.some((n) => n.startsWith('production/'))).toBe(false);
    expect(await names([{ Key: 'description', Values: ['legacy imp'] }])).toEqual(['team/production/word-match']);
    const payments = await names([
      { Key: 'tag-key', Values: ['team'] },
      { Key: 'tag-value', Values: ['payments'] },
    ]);
    expect(payments.length).toBeGreaterThan(0);
    expect(await names([{ Key: 'all', Values: ['word-match legacy'] }])).toEqual(['team/production/word-match']);
  });

  it('returns an empty page with a NextToken when a page scanned its budget without a match', async () => {
    const big = await startAwsSandbox({ seed: generateSeed({ count: 3000, seed: 5 }) });
    const client = rawClient(big.info);
    try {
      const first = await client.listSecrets({ Filters: [{ Key: 'name', Values: ['nothing-here'] }] });
      expect(first.SecretList).toEqual([]);
      expect(first.NextToken).toBeDefined();
      const second = await client.listSecrets({ Filters: [{ Key: 'name', Values: ['nothing-here'] }], NextToken: first.NextToken });
      expect(second.SecretList).toEqual([]);
      expect(second.NextToken).toBeUndefined();
    } finally {
      client.destroy();
      await big.close();
    }
  });

  it('reads up to 20 ids at once with per-id errors, or pages by filter', async () => {
    const ids = seed.production.secrets.slice(0, 18).map((s) => `production/${s.name}`);
    const deleted = seed.drift.softDeleted[0] ?? '';
    const out = await sm.batchGetSecretValue({ SecretIdList: [...ids, 'production/missing', `staging/${deleted}`] });
    expect(out.SecretValues?.length).toBe(18);
    expect(out.Errors?.map((e) => [e.SecretId, e.ErrorCode])).toEqual([
      ['production/missing', 'ResourceNotFoundException'],
      [`staging/${deleted}`, 'InvalidRequestException'],
    ]);
    expect(await errorName(sm.batchGetSecretValue({ SecretIdList: [...ids, 'a', 'b', 'c'] }))).toBe('ValidationException');
    expect(await errorName(sm.batchGetSecretValue({}))).toBe('InvalidParameterException');
    let count = 0;
    let token: string | undefined;
    do {
      const page = await sm.batchGetSecretValue({
        Filters: [{ Key: 'name', Values: ['production/'] }],
        MaxResults: 5,
        ...(token ? { NextToken: token } : {}),
      });
      expect((page.SecretValues ?? []).length).toBeLessThanOrEqual(5);
      count += (page.SecretValues ?? []).filter((v) => v.Name?.startsWith('production/')).length;
      token = page.NextToken;
    } while (token);
    expect(count).toBe(seed.production.secrets.length + 1);
  });
});

describe('the AWS-specific seed', () => {
  it('has fields as JSON strings, a pending rotation, rotation rules, a scheduled deletion and a binary secret', async () => {
    const all = [];
    let token: string | undefined;
    do {
      const page = await sm.listSecrets({ IncludePlannedDeletion: true, ...(token ? { NextToken: token } : {}) });
      all.push(...(page.SecretList ?? []));
      token = page.NextToken;
    } while (token);
    const pending = all.filter((s) =>
      Object.values(s.SecretVersionsToStages ?? {})
        .flat()
        .includes('AWSPENDING'),
    );
    expect(pending.length).toBe(1);
    const stages = stagesOf(pending[0]?.SecretVersionsToStages);
    expect(stages.AWSPENDING).not.toBe(stages.AWSCURRENT);
    const pendingValue = await sm.getSecretValue({ SecretId: pending[0]?.ARN ?? '', VersionStage: 'AWSPENDING' });
    const currentValue = await sm.getSecretValue({ SecretId: pending[0]?.ARN ?? '' });
    expect(JSON.parse(pendingValue.SecretString ?? '')).not.toEqual(JSON.parse(currentValue.SecretString ?? ''));
    const rotating = all.filter((s) => s.RotationEnabled);
    expect(rotating.length).toBe(4);
    expect(rotating.every((s) => s.RotationRules && s.LastRotatedDate && s.NextRotationDate && s.RotationLambdaARN)).toBe(true);
    expect(all.filter((s) => s.DeletedDate).map((s) => s.Name)).toEqual([`staging/${seed.drift.softDeleted[0]}`]);
    const described = await sm.describeSecret({ SecretId: `production/${seed.production.secrets[0]?.name}` });
    expect(described.Tags?.length).toBe(4);
    expect(described.CreatedDate?.toISOString()).toBe(seed.production.secrets[0]?.versions[0]?.createdAt);
  });
});
