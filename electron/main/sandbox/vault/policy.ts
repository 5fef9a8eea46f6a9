import type { Operation } from './kv-routes';

/**
 * The sandbox's ACL policies, in the spirit of Vault's HCL policies: a path (exact, or a prefix
 * ending in "*") and the capabilities it grants. "root" allows everything, including sudo paths.
 */
type Capability = Operation;
type Rule = [pattern: string, capabilities: Capability[]];

const ALL: Capability[] = ['read', 'list', 'update', 'patch', 'delete'];

const POLICIES: Record<string, Rule[]> = {
  // What Vault's built-in default policy grants that the sandbox serves.
  default: [
    ['auth/token/lookup-self', ['read', 'update']],
    ['auth/token/renew-self', ['update']],
    ['auth/token/revoke-self', ['update']],
    ['sys/internal/ui/mounts', ['read']],
    ['sys/internal/ui/mounts/*', ['read']],
    ['cubbyhole/*', ALL],
  ],
  'kv-reader': [
    ['kv/data/*', ['read']],
    ['kv/metadata', ['list']],
    ['kv/metadata/*', ['read', 'list']],
    ['kv/config', ['read']],
  ],
  'kv-writer': [
    ['kv/*', ALL],
    ['kv/metadata', ['list']],
  ],
};

/** Paths that need sudo, which only the root policy has here. */
const SUDO = ['sys/mounts'];

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

export function allows(policies: readonly string[], path: string, op: Operation): boolean {
  if (policies.includes('root')) return true;
  if (SUDO.some((p) => matches(p, path))) return false;
  return policies.some((name) => (POLICIES[name] ?? []).some(([pattern, caps]) => caps.includes(op) && matches(pattern, path)));
}
