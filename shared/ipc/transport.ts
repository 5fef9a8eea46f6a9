/** The two Electron IPC channels the contract travels over; channel names ride inside. */
export const INVOKE_CHANNEL = 'keyhole:invoke';
export const EVENT_CHANNEL = 'keyhole:event';

/** The renderer's origin under the app:// protocol. */
export const APP_ORIGIN = 'app://keyhole';
