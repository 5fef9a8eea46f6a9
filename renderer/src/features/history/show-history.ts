import { useHistory, type SecretRef } from '../../stores/history';
import { useNav } from '../../stores/nav';

/** Opens the History page on one secret (from the secret detail pane). */
export function showHistory(target: SecretRef): void {
  void useHistory.getState().open(target);
  useNav.getState().go('history');
}
