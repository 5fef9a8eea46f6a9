import { useMfa } from '../../stores/mfa';

/** What the second factor protects against and what it does not (ARCHITECTURE: MFA), in main's words. */
export function ProtectionStatement({ compact = false }: { compact?: boolean }) {
  const protection = useMfa((s) => s.status?.protection);
  if (!protection) return null;
  return (
    <div className={compact ? 'protection protection-compact' : 'protection'}>
      <p>
        <strong>Protects against:</strong> {protection.protectsAgainst}
      </p>
      <p>
        <strong>Does not protect against:</strong> {protection.doesNotProtectAgainst}
      </p>
    </div>
  );
}
