import type { Seed } from '../seed/model';
import { Identities, randomKeyId, randomSecretKey, type AccessKeys, type Session } from './identities';
import { LogStore, type LogDocument } from './log-store';
import type { StoredSecret } from './model';
import { RegionStore } from './region-store';
import { loadSeed } from './seed-load';

/** The whole sandbox account: its keys, its role's sessions and one secret store per region. */
export const SANDBOX_ACCOUNT = '111122223333';
export const SANDBOX_ROLE = 'keyhole-sandbox-operator';
const FORMAT = 'keyhole-aws-sandbox/1';

export interface StateDocument {
  format: typeof FORMAT;
  account: string;
  keys: AccessKeys;
  userId: string;
  roleId: string;
  sessions: Session[];
  regions: Record<string, StoredSecret[]>;
  /** CloudWatch Logs per region (the rotation function's log). */
  logs?: Record<string, LogDocument>;
}

export class AwsState {
  private readonly regions = new Map<string, RegionStore>();
  private readonly logStores = new Map<string, LogStore>();

  constructor(
    readonly identities: Identities,
    regions: Record<string, StoredSecret[]> = {},
    logs: Record<string, LogDocument> = {},
  ) {
    for (const [region, secrets] of Object.entries(regions)) this.regions.set(region, new RegionStore(region, identities.account, secrets));
    for (const [region, doc] of Object.entries(logs)) this.logStores.set(region, new LogStore(doc));
  }

  static seeded(seed: Seed, region: string, now: number): AwsState {
    const keys = { accessKeyId: randomKeyId('AKIA'), secretAccessKey: randomSecretKey() };
    const identities = new Identities(
      SANDBOX_ACCOUNT,
      keys,
      randomKeyId('AIDA'),
      `arn:aws:iam::${SANDBOX_ACCOUNT}:role/${SANDBOX_ROLE}`,
      randomKeyId('AROA'),
    );
    const state = new AwsState(identities);
    loadSeed(seed, state.region(region), now);
    return state;
  }

  static restore(doc: unknown): AwsState | undefined {
    const d = doc as Partial<StateDocument> | undefined;
    if (d?.format !== FORMAT || !d.keys || !d.account || !d.userId || !d.roleId || !d.regions) return undefined;
    const identities = new Identities(d.account, d.keys, d.userId, `arn:aws:iam::${d.account}:role/${SANDBOX_ROLE}`, d.roleId, d.sessions ?? []);
    return new AwsState(identities, d.regions, d.logs ?? {});
  }

  region(name: string): RegionStore {
    let store = this.regions.get(name);
    if (!store) {
      store = new RegionStore(name, this.identities.account);
      this.regions.set(name, store);
    }
    return store;
  }

  logs(region: string): LogStore {
    let store = this.logStores.get(region);
    if (!store) {
      store = new LogStore();
      this.logStores.set(region, store);
    }
    return store;
  }

  toDocument(now: number): StateDocument {
    const regions: Record<string, StoredSecret[]> = {};
    for (const [name, store] of this.regions) if (store.size > 0) regions[name] = [...store.secrets()];
    const logs: Record<string, LogDocument> = {};
    for (const [name, store] of this.logStores) if (!store.isEmpty) logs[name] = store.toDocument();
    return {
      format: FORMAT,
      account: this.identities.account,
      keys: this.identities.keys,
      userId: this.identities.userId,
      roleId: this.identities.roleId,
      sessions: this.identities.listSessions(now),
      regions,
      logs,
    };
  }
}
