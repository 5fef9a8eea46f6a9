import { envelope, errorReply, type VaultReply } from './replies';

/** sys/health, sys/mounts and sys/internal/ui/mounts, shaped as Vault 1.17 Enterprise shows them. */
export const VAULT_VERSION = '1.17.6+ent';

interface MountInfo {
  type: string;
  description: string;
  options: Record<string, string> | null;
  local: boolean;
}

function mountJson(info: MountInfo, index: number): Record<string, unknown> {
  return {
    accessor: `${info.type}_${(0x1a2b3c00 + index).toString(16)}`,
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    description: info.description,
    external_entropy_access: false,
    local: info.local,
    options: info.options,
    plugin_version: '',
    running_plugin_version: info.type === 'kv' ? 'v0.20.0+builtin' : `${VAULT_VERSION.replace(/\+ent$/, '')}+builtin.vault`,
    running_sha256: '',
    seal_wrap: false,
    type: info.type,
    uuid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  };
}

function secretMounts(kvMounts: string[]): Array<[string, MountInfo]> {
  return [
    ['cubbyhole/', { type: 'cubbyhole', description: 'per-token private secret storage', options: null, local: true }],
    ['identity/', { type: 'identity', description: 'identity store', options: null, local: false }],
    ...kvMounts.map((m): [string, MountInfo] => [
      `${m}/`,
      { type: 'kv', description: 'key/value secrets (version 2)', options: { version: '2' }, local: false },
    ]),
    ['sys/', { type: 'system', description: 'system endpoints used for control, policy and debugging', options: null, local: false }],
  ];
}

const AUTH_MOUNTS: Array<[string, MountInfo]> = [
  ['approle/', { type: 'approle', description: '', options: null, local: false }],
  ['ldap/', { type: 'ldap', description: '', options: null, local: false }],
  ['token/', { type: 'token', description: 'token based credentials', options: null, local: false }],
  ['userpass/', { type: 'userpass', description: '', options: null, local: false }],
];

function table(entries: Array<[string, MountInfo]>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(entries.map(([path, info], i) => [path, mountJson(info, i)]));
}

export function health(nowMs: number): VaultReply {
  return {
    status: 200,
    body: {
      initialized: true,
      sealed: false,
      standby: false,
      performance_standby: false,
      replication_performance_mode: 'disabled',
      replication_dr_mode: 'disabled',
      server_time_utc: Math.floor(nowMs / 1000),
      version: VAULT_VERSION,
      enterprise: true,
      cluster_name: 'keyhole-sandbox',
      cluster_id: '5b7a0e5e-0000-4000-8000-00000000cafe',
      echo_duration_ms: 0,
      clock_skew_ms: 0,
    },
  };
}

/** GET sys/mounts: the table at the top level (as older clients read it) and under data. */
export function sysMounts(kvMounts: string[], requestId: string): VaultReply {
  const mounts = table(secretMounts(kvMounts));
  return { status: 200, body: { ...mounts, ...envelope(requestId, { data: mounts, mountType: 'system' }) } };
}

/** GET sys/internal/ui/mounts[/path]: what the UI and the CLI use to find a path's mount. */
export function uiMounts(kvMounts: string[], rest: string, requestId: string): VaultReply {
  const secret = table(secretMounts(kvMounts));
  if (rest === '') {
    return { status: 200, body: envelope(requestId, { data: { auth: table(AUTH_MOUNTS), secret }, mountType: 'system' }) };
  }
  const match = Object.entries(secret).find(([path]) => `${rest}/`.startsWith(path));
  if (!match) {
    return errorReply(403, [
      `preflight capability check returned 403, please ensure client's policies grant access to path ${JSON.stringify(`${rest}/`)}`,
    ]);
  }
  return { status: 200, body: envelope(requestId, { data: { ...match[1], path: match[0] }, mountType: 'system' }) };
}
