/**
 * Platform effects core needs, as interfaces (ARCHITECTURE: Long work and faults). Electron
 * implements them in electron/main/platform; the e2e host and unit tests bring their own.
 */
export interface Clock {
  now(): number;
  /** Resolves after ms of this clock's time; rejects with CANCELLED when the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Clipboard {
  /** Writes text, marked concealed where the platform has a marker. */
  writeSecret(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): Promise<void>;
}

export type SystemEvent = 'suspend' | 'lock-screen' | 'resume' | 'unlock-screen';

export interface SystemEvents {
  on(listener: (event: SystemEvent) => void): () => void;
}

/** The OS keychain (keytar): service is always Keyhole's, accounts are namespaced by caller. */
export interface CredentialStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}
