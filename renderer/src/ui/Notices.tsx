import { useNotices, type Notice } from '../stores/notices';
import { CloseIcon } from './icons';
import { withLocalTimes } from './notice-text';

const LEVEL_WORD = { info: null, warning: 'Warning', error: 'Error' } as const;

function NoticeItem({ notice, onDismiss }: { notice: Notice; onDismiss(): void }) {
  const word = LEVEL_WORD[notice.level];
  const messageId = `notice-${notice.id}`;
  return (
    <div className={`notice notice-${notice.level}`} role={notice.level === 'error' ? 'alert' : undefined}>
      <p id={messageId} className="notice-text">
        {word && <strong className="notice-level">{`${word}: `}</strong>}
        {withLocalTimes(notice.message)}
        {notice.count > 1 && <span className="notice-count"> ×{notice.count}</span>}
      </p>
      <button type="button" className="icon-button" aria-label="Dismiss" aria-describedby={messageId} onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}

/**
 * Main's app:notice events and the outcome of actions, bottom right. Info and warnings go in a
 * polite status region that is always present (so additions are read out); an error is its own
 * alert, which assistive technology announces when it appears.
 */
export function Notices() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  const item = (notice: Notice) => <NoticeItem key={notice.id} notice={notice} onDismiss={() => dismiss(notice.id)} />;
  return (
    <div className="notices">
      <div className="notice-stack" role="status" aria-live="polite" aria-label="Notifications">
        {notices.filter((notice) => notice.level !== 'error').map(item)}
      </div>
      <div className="notice-stack">{notices.filter((notice) => notice.level === 'error').map(item)}</div>
    </div>
  );
}
