import type { Environment, EnvironmentScope } from '../../../../shared/connections';
import type { ProviderKind } from '../../../../shared/domain';
import { isHttpUrl, type Built, type FieldErrors } from './connection-draft';

export interface EnvironmentDraft {
  name: string;
  protected: boolean;
  /** True once the operator touched the checkbox: the production guess stops following the name. */
  protectedTouched: boolean;
  separator: string;
  vault: { mount: string; prefix: string };
  aws: { region: string; prefix: string; tagKey: string; tagValue: string };
  azure: { vaultUrl: string; prefix: string };
}

/** Mirrors core's protectedByDefault: production is protected unless the operator says otherwise. */
export function looksLikeProduction(name: string): boolean {
  return /\bprod/i.test(name) || /production/i.test(name);
}

export function defaultSeparator(kind: ProviderKind): string {
  return kind === 'azure' ? '--' : '/';
}

export function emptyEnvironmentDraft(kind: ProviderKind, region = ''): EnvironmentDraft {
  return {
    name: '',
    protected: false,
    protectedTouched: false,
    separator: defaultSeparator(kind),
    vault: { mount: '', prefix: '' },
    aws: { region, prefix: '', tagKey: '', tagValue: '' },
    azure: { vaultUrl: '', prefix: '' },
  };
}

export function environmentDraftOf(environment: Environment): EnvironmentDraft {
  const draft = emptyEnvironmentDraft(environment.scope.kind);
  const scope = environment.scope;
  if (scope.kind === 'vault') draft.vault = { mount: scope.mount, prefix: scope.prefix };
  if (scope.kind === 'aws')
    draft.aws = { region: scope.region, prefix: scope.prefix, tagKey: scope.tag?.key ?? '', tagValue: scope.tag?.value ?? '' };
  if (scope.kind === 'azure') draft.azure = { vaultUrl: scope.vaultUrl, prefix: scope.prefix };
  return { ...draft, name: environment.name, protected: environment.protected, protectedTouched: true, separator: environment.nameMapping.separator };
}

/** Typing a name keeps the protected guess in step until the operator sets it themselves. */
export function withName(draft: EnvironmentDraft, name: string): EnvironmentDraft {
  return { ...draft, name, protected: draft.protectedTouched ? draft.protected : looksLikeProduction(name) };
}

export interface EnvironmentInput {
  name: string;
  scope: EnvironmentScope;
  nameMapping: { separator: string };
  protected: boolean;
}

export function buildEnvironmentInput(kind: ProviderKind, draft: EnvironmentDraft): Built<EnvironmentInput> {
  const errors: FieldErrors = {};
  if (draft.name.trim() === '') errors['name'] = 'Give the environment a name';
  if (draft.separator === '' || draft.separator.length > 4) errors['separator'] = 'Use one to four characters';
  let scope: EnvironmentScope;
  switch (kind) {
    case 'vault':
      if (draft.vault.mount.trim() === '') errors['vault.mount'] = 'Choose or type the KV v2 mount';
      scope = { kind: 'vault', mount: draft.vault.mount.trim().replace(/^\/+|\/+$/g, ''), prefix: draft.vault.prefix.trim() };
      break;
    case 'aws': {
      if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(draft.aws.region.trim())) errors['aws.region'] = 'Enter a region such as eu-west-1';
      const key = draft.aws.tagKey.trim();
      if (key === '' && draft.aws.tagValue.trim() !== '') errors['aws.tagKey'] = 'A tag value needs a tag key';
      scope = {
        kind: 'aws',
        region: draft.aws.region.trim(),
        prefix: draft.aws.prefix.trim(),
        ...(key !== '' ? { tag: { key, value: draft.aws.tagValue.trim() } } : {}),
      };
      break;
    }
    case 'azure':
      if (!isHttpUrl(draft.azure.vaultUrl.trim())) errors['azure.vaultUrl'] = 'Enter the vault URL, such as https://my-vault.vault.azure.net';
      scope = { kind: 'azure', vaultUrl: draft.azure.vaultUrl.trim(), prefix: draft.azure.prefix.trim() };
      break;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name: draft.name.trim(), scope, nameMapping: { separator: draft.separator }, protected: draft.protected } };
}

/** One line an operator can read at a glance: where the environment's secrets are. */
export function scopeSummary(scope: EnvironmentScope): string {
  switch (scope.kind) {
    case 'vault':
      return `${scope.mount}/${scope.prefix}`.replace(/\/+$/, '/') || '/';
    case 'aws':
      return [
        scope.region,
        scope.prefix !== '' ? `prefix ${scope.prefix}` : 'all names',
        scope.tag ? `tag ${scope.tag.key}=${scope.tag.value}` : null,
      ]
        .filter(Boolean)
        .join(' · ');
    case 'azure': {
      const host = isHttpUrl(scope.vaultUrl) ? new URL(scope.vaultUrl).host : scope.vaultUrl;
      return [host, scope.prefix !== '' ? `prefix ${scope.prefix}` : null].filter(Boolean).join(' · ');
    }
  }
}
