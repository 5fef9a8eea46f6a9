import { AuthState, type TokenRecord, type TokenTtls, type VaultCredentials } from './auth';
import { KvMount, type KeyRecord, type MountConfig, type VersionRecord } from './kv-store';

/**
 * Everything the Vault sandbox holds: per namespace ("" is root) its KV mounts, plus the auth
 * state. `toSnapshot`/`fromSnapshot` give the JSON persisted to dataDir; keys and versions are
 * stored as tuples because a 100,000-secret mount makes field names the bulk of the file.
 */
export interface VaultState {
  auth: AuthState;
  namespaces: Map<string, Map<string, KvMount>>;
}

type VersionTuple = [number, string, string, boolean, Record<string, unknown> | null];
type KeyTuple = [string, number, number, string, string, number, boolean, number, Record<string, string> | null, VersionTuple[]];

interface Snapshot {
  format: 1;
  credentials: VaultCredentials;
  entities: Array<[string, string]>;
  tokens: TokenRecord[];
  namespaces: Record<string, Record<string, { config: MountConfig; keys: KeyTuple[] }>>;
}

export function toSnapshot(state: VaultState): string {
  const namespaces: Snapshot['namespaces'] = {};
  for (const [name, mounts] of state.namespaces) {
    namespaces[name] = {};
    for (const [mountName, mount] of mounts) {
      const keys: KeyTuple[] = [];
      for (const [path, r] of mount.records()) {
        const versions: VersionTuple[] = [];
        for (const [n, v] of r.versions) versions.push([n, v.created, v.deletion, v.destroyed, v.data]);
        keys.push([path, r.current, r.oldest, r.created, r.updated, r.maxVersions, r.casRequired, r.deleteVersionAfterMs, r.custom, versions]);
      }
      namespaces[name][mountName] = { config: mount.config, keys };
    }
  }
  const snapshot: Snapshot = {
    format: 1,
    credentials: state.auth.credentials,
    entities: [...state.auth.entities],
    tokens: [...state.auth.tokens.values()],
    namespaces,
  };
  return JSON.stringify(snapshot);
}

function toRecord([, current, oldest, created, updated, maxVersions, casRequired, dva, custom, versions]: KeyTuple): KeyRecord {
  return {
    current,
    oldest,
    created,
    updated,
    maxVersions,
    casRequired,
    deleteVersionAfterMs: dva,
    custom,
    versions: new Map(versions.map(([n, c, d, x, data]): [number, VersionRecord] => [n, { created: c, deletion: d, destroyed: x, data }])),
  };
}

export function fromSnapshot(text: string, ttls: TokenTtls, now: () => number): VaultState {
  const snapshot = JSON.parse(text) as Snapshot;
  if (snapshot.format !== 1) throw new Error('unknown Vault sandbox snapshot format');
  const auth = new AuthState(snapshot.credentials, ttls, now);
  for (const [key, id] of snapshot.entities) auth.entities.set(key, id);
  for (const token of snapshot.tokens) auth.tokens.set(token.id, token);
  const namespaces = new Map<string, Map<string, KvMount>>();
  for (const [name, mounts] of Object.entries(snapshot.namespaces)) {
    const loaded = new Map<string, KvMount>();
    for (const [mountName, stored] of Object.entries(mounts)) {
      const mount = new KvMount(now);
      mount.config = stored.config;
      for (const tuple of stored.keys) mount.insert(tuple[0], () => toRecord(tuple));
      loaded.set(mountName, mount);
    }
    namespaces.set(name, loaded);
  }
  return { auth, namespaces };
}
