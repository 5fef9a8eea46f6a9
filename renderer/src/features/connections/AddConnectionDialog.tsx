import { useState, type FormEvent } from 'react';
import { PROVIDER_LABELS, type ProviderKind } from '../../../../shared/domain';
import { api } from '../../api';
import { explain, shownError } from '../../errors';
import { useConnections } from '../../stores/connections';
import { useNotices } from '../../stores/notices';
import { Dialog } from '../../ui/Dialog';
import { CheckField, SelectField, TextAreaField, TextField } from '../../ui/fields';
import {
  buildConnectionInput,
  emptyDraft,
  withoutSecrets,
  type AwsMethod,
  type AzureMethod,
  type ConnectionDraft,
  type FieldErrors,
  type VaultMethod,
} from './connection-draft';

const PROVIDERS = (['vault', 'aws', 'azure'] as const).map((value) => ({ value, label: PROVIDER_LABELS[value] }));
const VAULT_METHODS: { value: VaultMethod; label: string }[] = [
  { value: 'token', label: 'Token' },
  { value: 'userpass', label: 'Username and password' },
  { value: 'ldap', label: 'LDAP' },
  { value: 'approle', label: 'AppRole' },
];
const AWS_METHODS: { value: AwsMethod; label: string }[] = [
  { value: 'keys', label: 'Access keys' },
  { value: 'profile', label: 'Named profile (~/.aws/config)' },
  { value: 'default-chain', label: 'Default credential chain' },
];
const AZURE_METHODS: { value: AzureMethod; label: string }[] = [
  { value: 'client-secret', label: 'Client ID and secret' },
  { value: 'cli', label: 'Azure CLI login' },
  { value: 'default', label: 'Default Azure credential' },
];

const TOKEN_FILE_MISSING =
  'there is no token in ~/.vault-token. Sign in with the Vault CLI (vault login) first, or untick the import and paste a token.';

export function AddConnectionDialog({ onClose, onAdded }: { onClose(): void; onAdded?(id: string): void }) {
  const [draft, setDraft] = useState<ConnectionDraft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const reload = useConnections((s) => s.load);
  const push = useNotices((s) => s.push);

  const patch = <K extends 'vault' | 'aws' | 'azure'>(kind: K, change: Partial<ConnectionDraft[K]>) =>
    setDraft((d) => ({ ...d, [kind]: { ...d[kind], ...change } }));
  const v = draft.vault;
  const a = draft.aws;
  const z = draft.azure;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildConnectionInput(draft);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const created = await api.connections.create(built.value);
      push('info', `Connection “${created.name}” added`);
      await reload();
      onClose();
      onAdded?.(created.id);
    } catch (error) {
      const shown = shownError(error);
      setFailure(built.value.importCredential && shown.code === 'NOT_FOUND' ? TOKEN_FILE_MISSING : explain(shown));
    } finally {
      // The credential has been handed to main (or refused): it does not stay in this window.
      setDraft(withoutSecrets);
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add connection" onClose={onClose} size="large">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="form-row">
          <SelectField
            label="Provider"
            value={draft.provider}
            onChange={(provider: ProviderKind) => setDraft((d) => ({ ...d, provider }))}
            options={PROVIDERS}
          />
          <TextField
            label="Name"
            value={draft.name}
            onChange={(name) => setDraft((d) => ({ ...d, name }))}
            error={errors['name']}
            placeholder="e.g. Platform Vault"
            autoFocus
          />
        </div>

        {draft.provider === 'vault' && (
          <fieldset className="form-section">
            <legend>Vault</legend>
            <div className="form-row">
              <TextField
                label="Address"
                value={v.address}
                onChange={(address) => patch('vault', { address })}
                error={errors['vault.address']}
                placeholder="https://vault.example.com:8200"
                mono
              />
              <TextField
                label="Namespace (optional)"
                value={v.namespace}
                onChange={(namespace) => patch('vault', { namespace })}
                placeholder="e.g. admin/team"
                mono
              />
            </div>
            <div className="form-row">
              <SelectField label="Auth method" value={v.method} onChange={(method) => patch('vault', { method })} options={VAULT_METHODS} />
              {v.method !== 'token' && (
                <TextField
                  label="Auth mount path (optional)"
                  value={v.mountPath}
                  onChange={(mountPath) => patch('vault', { mountPath })}
                  placeholder={v.method}
                  mono
                />
              )}
            </div>
            {v.method === 'token' && (
              <>
                <CheckField
                  label="Import from ~/.vault-token"
                  checked={v.importToken}
                  onChange={(importToken) => patch('vault', { importToken, token: '' })}
                  hint={
                    <>
                      Keyhole reads the token <code>vault login</code> saved in your home folder and keeps it in the keychain; it never passes through
                      this window.
                    </>
                  }
                />
                {!v.importToken && (
                  <TextField
                    label="Token"
                    value={v.token}
                    onChange={(token) => patch('vault', { token })}
                    error={errors['vault.token']}
                    secret
                    mono
                  />
                )}
              </>
            )}
            {(v.method === 'userpass' || v.method === 'ldap') && (
              <div className="form-row">
                <TextField
                  label="Username"
                  value={v.username}
                  onChange={(username) => patch('vault', { username })}
                  error={errors['vault.username']}
                />
                <TextField
                  label="Password"
                  value={v.password}
                  onChange={(password) => patch('vault', { password })}
                  error={errors['vault.password']}
                  secret
                />
              </div>
            )}
            {v.method === 'approle' && (
              <div className="form-row">
                <TextField label="Role ID" value={v.roleId} onChange={(roleId) => patch('vault', { roleId })} error={errors['vault.roleId']} mono />
                <TextField
                  label="Secret ID"
                  value={v.secretId}
                  onChange={(secretId) => patch('vault', { secretId })}
                  error={errors['vault.secretId']}
                  secret
                  mono
                />
              </div>
            )}
          </fieldset>
        )}

        {draft.provider === 'aws' && (
          <fieldset className="form-section">
            <legend>AWS</legend>
            <div className="form-row">
              <TextField
                label="Region"
                value={a.region}
                onChange={(region) => patch('aws', { region })}
                error={errors['aws.region']}
                placeholder="e.g. eu-west-1"
                mono
              />
              <TextField
                label="Endpoint (optional)"
                value={a.endpoint}
                onChange={(endpoint) => patch('aws', { endpoint })}
                error={errors['aws.endpoint']}
                hint="Only for a VPC endpoint or the sandbox"
                placeholder="https://secretsmanager…"
                mono
              />
            </div>
            <SelectField label="Credentials" value={a.method} onChange={(method) => patch('aws', { method })} options={AWS_METHODS} />
            {a.method === 'keys' && (
              <>
                <div className="form-row">
                  <TextField
                    label="Access key ID"
                    value={a.accessKeyId}
                    onChange={(accessKeyId) => patch('aws', { accessKeyId })}
                    error={errors['aws.accessKeyId']}
                    mono
                  />
                  <TextField
                    label="Secret access key"
                    value={a.secretAccessKey}
                    onChange={(secretAccessKey) => patch('aws', { secretAccessKey })}
                    error={errors['aws.secretAccessKey']}
                    secret
                    mono
                  />
                </div>
                <TextField
                  label="Session token (optional)"
                  value={a.sessionToken}
                  onChange={(sessionToken) => patch('aws', { sessionToken })}
                  secret
                  mono
                />
              </>
            )}
            {a.method === 'profile' && (
              <TextField
                label="Profile name"
                value={a.profile}
                onChange={(profile) => patch('aws', { profile })}
                error={errors['aws.profile']}
                hint="Assume-role profiles are followed"
                mono
              />
            )}
            {a.method === 'default-chain' && (
              <p className="field-hint">Environment variables, shared config, SSO and instance roles, in the SDK’s usual order.</p>
            )}
          </fieldset>
        )}

        {draft.provider === 'azure' && (
          <fieldset className="form-section">
            <legend>Azure</legend>
            <div className="form-row">
              <TextField
                label="Tenant ID"
                value={z.tenantId}
                onChange={(tenantId) => patch('azure', { tenantId })}
                error={errors['azure.tenantId']}
                mono
              />
              <TextField
                label="Authority host (optional)"
                value={z.authorityHost}
                onChange={(authorityHost) => patch('azure', { authorityHost })}
                error={errors['azure.authorityHost']}
                placeholder="https://login.microsoftonline.com"
                mono
              />
            </div>
            <SelectField label="Credential" value={z.method} onChange={(method) => patch('azure', { method })} options={AZURE_METHODS} />
            {z.method === 'client-secret' && (
              <div className="form-row">
                <TextField
                  label="Client ID"
                  value={z.clientId}
                  onChange={(clientId) => patch('azure', { clientId })}
                  error={errors['azure.clientId']}
                  mono
                />
                <TextField
                  label="Client secret"
                  value={z.clientSecret}
                  onChange={(clientSecret) => patch('azure', { clientSecret })}
                  error={errors['azure.clientSecret']}
                  secret
                  mono
                />
              </div>
            )}
          </fieldset>
        )}

        <CheckField
          label="Read-only"
          checked={draft.readOnly}
          onChange={(readOnly) => setDraft((d) => ({ ...d, readOnly }))}
          hint="Keyhole refuses every write through this connection."
        />

        <button type="button" className="link-button" aria-expanded={advanced} onClick={() => setAdvanced((open) => !open)}>
          {advanced ? 'Hide' : 'Show'} network options (CA bundle, proxy)
        </button>
        {advanced && (
          <div className="form-section">
            <TextAreaField
              label="CA bundle (PEM, optional)"
              value={draft.caPem}
              onChange={(caPem) => setDraft((d) => ({ ...d, caPem }))}
              placeholder="-----BEGIN CERTIFICATE-----"
            />
            <TextField
              label="Proxy URL (optional)"
              value={draft.proxyUrl}
              onChange={(proxyUrl) => setDraft((d) => ({ ...d, proxyUrl }))}
              error={errors['proxyUrl']}
              placeholder="http://proxy:3128"
              mono
            />
          </div>
        )}

        {failure && (
          <p className="form-error" role="alert">
            The connection was not added: {failure}
          </p>
        )}
        <div className="dialog-actions">
          <span className="muted small">Credentials go to the OS keychain and are cleared from this form.</span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Adding…' : 'Add connection'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
