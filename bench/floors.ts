/**
 * Lower bounds a client cannot beat against a provider with a given round-trip latency, a stated
 * concurrency and the provider's documented rate limits (PROVIDERS.md). Every floor is the
 * larger of what latency allows and what the rate limit allows, with its derivation in words.
 */
export interface Floor {
  ms: number;
  why: string;
}

export const CONCURRENCY = 16;

/** Documented request rates, per second. */
export const RATES = {
  awsListSecrets: 100,
  awsBatchGet: 100,
  awsBatchIds: 20,
  awsGetSecretValue: 10_000,
  /** About 4,000 transactions per 10 s per vault. */
  azurePerVault: 400,
} as const;

export const PAGE_SIZE = { aws: 100, azure: 25 } as const;

const pages = (count: number, size: number) => Math.ceil(count / size);

export function largest(...floors: Floor[]): Floor {
  return floors.reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** A chain of pages, each needing the previous page's token: one round trip each, in sequence. */
export function pageChain(count: number, size: number, latencyMs: number, label: string): Floor {
  const n = pages(count, size);
  return { ms: n * latencyMs, why: `${n} ${label} pages (${size}/page) × ${latencyMs} ms in sequence` };
}

export function rateBound(requests: number, perSecond: number, label: string): Floor {
  return { ms: (requests / perSecond) * 1000, why: `${requests} ${label} ÷ ${perSecond}/s` };
}

export function concurrencyBound(requests: number, latencyMs: number, label: string): Floor {
  return { ms: Math.ceil(requests / CONCURRENCY) * latencyMs, why: `⌈${requests} ${label} ÷ ${CONCURRENCY}⌉ × ${latencyMs} ms` };
}

/** Folders at each depth of a Vault KV tree listed from its root, from the secret names under it. */
export function foldersByDepth(names: readonly string[]): number[] {
  const levels: Array<Set<string>> = [new Set([''])];
  for (const name of names) {
    const parts = name.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const level = levels[depth] ?? new Set<string>();
      level.add(parts.slice(0, depth).join('/'));
      levels[depth] = level;
    }
  }
  return levels.map((level) => level.size);
}

/** Vault LIST answers a whole folder: one round of ⌈folders ÷ concurrency⌉ round trips per depth. */
export function vaultTree(names: readonly string[], latencyMs: number): Floor {
  const depths = foldersByDepth(names);
  const rounds = depths.reduce((sum, folders) => sum + Math.ceil(folders / CONCURRENCY), 0);
  return { ms: rounds * latencyMs, why: `LIST tree, folders by depth ${depths.join('/')}: ${rounds} rounds × ${latencyMs} ms` };
}

export function awsInventory(count: number, latencyMs: number): Floor {
  const n = pages(count, PAGE_SIZE.aws);
  return largest(pageChain(count, PAGE_SIZE.aws, latencyMs, 'ListSecrets'), rateBound(n, RATES.awsListSecrets, 'ListSecrets'));
}

export function azureInventory(count: number, latencyMs: number): Floor {
  const n = pages(count, PAGE_SIZE.azure);
  return largest(pageChain(count, PAGE_SIZE.azure, latencyMs, 'nextLink'), rateBound(n, RATES.azurePerVault, 'list pages'));
}

/** One diff side's reads on its own connection, as requests with the provider's best read. */
export interface SideLoad {
  provider: 'vault' | 'aws' | 'azure';
  count: number;
}

/**
 * A diff of two sides read in parallel. Sides on one connection share its concurrency (and, for
 * AWS, the account's quota; Azure's quota is per vault, and each environment is its own vault).
 * The best strategy: Vault one GET per secret (the data read carries the version and
 * custom_metadata) after its LIST tree; AWS ListSecrets then BatchGetSecretValue (20 ids);
 * Azure the list chain then one GET per secret.
 */
export function diffFloor(a: SideLoad, b: SideLoad, latencyMs: number, vaultNames: { a?: readonly string[]; b?: readonly string[] }): Floor {
  const sameConnection = a.provider === b.provider;
  const side = (load: SideLoad, names: readonly string[] | undefined, sharing: number): Floor => {
    switch (load.provider) {
      case 'vault': {
        const tree = vaultTree(names ?? [], latencyMs);
        const reads = concurrencyBound(load.count * sharing, latencyMs, 'GETs');
        return { ms: tree.ms + reads.ms, why: `${tree.why} + ${reads.why}` };
      }
      case 'aws': {
        const batches = Math.ceil(load.count / RATES.awsBatchIds) * sharing;
        const listPages = pages(load.count, PAGE_SIZE.aws);
        const list = pageChain(load.count, PAGE_SIZE.aws, latencyMs, 'ListSecrets');
        const reads = largest(
          concurrencyBound(batches, latencyMs, 'BatchGetSecretValue'),
          rateBound(batches, RATES.awsBatchGet, 'BatchGetSecretValue'),
        );
        const listRate = rateBound(listPages * sharing, RATES.awsListSecrets, 'ListSecrets');
        return { ms: Math.max(list.ms, listRate.ms) + reads.ms, why: `${list.why} + ${reads.why}` };
      }
      case 'azure': {
        const list = pageChain(load.count, PAGE_SIZE.azure, latencyMs, 'nextLink');
        const perVault = rateBound(load.count + pages(load.count, PAGE_SIZE.azure), RATES.azurePerVault, 'transactions per vault');
        const reads = concurrencyBound(load.count * sharing, latencyMs, 'GETs');
        const chained = { ms: list.ms + reads.ms, why: `${list.why} + ${reads.why}` };
        return largest(chained, perVault);
      }
    }
  };
  const sharing = sameConnection ? 2 : 1;
  const fa = side(a, vaultNames.a, sharing);
  const fb = side(b, vaultNames.b, sharing);
  return fa.ms >= fb.ms ? fa : fb;
}
