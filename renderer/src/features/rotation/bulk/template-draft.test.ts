import { describe, expect, it } from 'vitest';
import { bulkTemplateSchema } from '../../../../../shared/ipc/channels/rotation';
import { INITIAL_DRAFT, templateProblem, toTemplate, willHappen } from './template-draft';

const ENV = '00000000-0000-4000-8000-000000000001';

describe('bulk template draft', () => {
  it('makes a checklist template the contract accepts, the checklist trimmed of blank lines', () => {
    const template = toTemplate({ ...INITIAL_DRAFT, checklist: ' Restart the app \n\n Tell the team ' });
    expect(bulkTemplateSchema.parse(template)).toEqual({
      kind: 'guided',
      field: 'password',
      generator: { kind: 'random', policy: { length: 32, lower: true, upper: true, digits: true, symbols: false, exclude: '' } },
      target: { kind: 'none', checklist: ['Restart the app', 'Tell the team'] },
      validators: [],
    });
  });

  it('makes a PostgreSQL template with an admin secret, alternating roles and both validators', () => {
    const template = toTemplate({
      ...INITIAL_DRAFT,
      field: '',
      target: 'postgres',
      strategy: 'alternating',
      roleA: 'app_a',
      roleB: 'app_b',
      connectWith: 'admin',
      adminEnvironmentId: ENV,
      adminName: ' db/admin ',
      httpUrl: 'https://health.example/check',
    });
    expect(bulkTemplateSchema.parse(template)).toMatchObject({
      target: {
        kind: 'postgres',
        strategy: 'alternating',
        roles: ['app_a', 'app_b'],
        connectWith: { source: 'admin', secret: { name: 'db/admin' } },
      },
      validators: [{ kind: 'postgres-login' }, { kind: 'http', header: 'Authorization', prefix: 'Bearer ' }],
    });
    expect(template).not.toHaveProperty('field');
  });

  it('says what keeps a template from being sent', () => {
    expect(templateProblem(INITIAL_DRAFT)).toBeNull();
    expect(templateProblem({ ...INITIAL_DRAFT, length: '8' })).toMatch(/12 to 256/);
    expect(templateProblem({ ...INITIAL_DRAFT, classes: { lower: false, upper: false, digits: false, symbols: false } })).toMatch(/class/);
    expect(templateProblem({ ...INITIAL_DRAFT, target: 'postgres', strategy: 'alternating', roleA: 'a', roleB: 'a' })).toMatch(/two different/);
    expect(templateProblem({ ...INITIAL_DRAFT, target: 'postgres', connectWith: 'admin' })).toMatch(/admin/);
    expect(templateProblem({ ...INITIAL_DRAFT, method: 'aws-native', length: 'x' })).toBeNull();
  });

  it('states what will happen, for a guided and an AWS template', () => {
    expect(willHappen(toTemplate({ ...INITIAL_DRAFT, checklist: 'Restart' }), false)).toBe(
      'will be rotated one after another with a random 32-character value (lower, upper, digits) for field password; a checklist of 1 item ticked once for all. At the first failure that rotation is undone and the bulk stops: the secrets after it are skipped.',
    );
    expect(willHappen({ kind: 'aws-native', immediately: false }, true)).toMatch(
      /tested .* nothing becomes current\). After a failure the bulk goes on/,
    );
  });
});
