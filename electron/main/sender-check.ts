import { APP_ORIGIN } from '../../shared/ipc/transport';

/** What Electron tells us about an IPC sender, reduced to what the check needs (testable on Node). */
export interface SenderFacts {
  /** senderFrame is null when the frame navigated away or was destroyed. */
  frameUrl: string | null;
  /** The sending frame is the window's main frame, not a sub-frame. */
  isMainFrame: boolean;
  /** The sender belongs to the window Keyhole created. */
  isOurWindow: boolean;
}

/** Only the main frame of our window, at our own origin, may call the contract. */
export function isAllowedSender(facts: SenderFacts): boolean {
  if (facts.frameUrl === null || !facts.isMainFrame || !facts.isOurWindow) return false;
  try {
    return new URL(facts.frameUrl).origin === APP_ORIGIN || facts.frameUrl.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}
