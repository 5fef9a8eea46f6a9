import { PAGES } from '../pages';
import { useNav } from '../stores/nav';
import { PAGE_ICONS } from './icons';

export function Rail() {
  const page = useNav((s) => s.page);
  const go = useNav((s) => s.go);
  return (
    <nav className="rail" aria-label="Main">
      <div className="rail-brand" aria-hidden="true">
        <span className="rail-mark">
          <svg width="14" height="14" viewBox="0 0 16 16" fill="currentColor" focusable="false">
            <circle cx="8" cy="5.5" r="3.2" />
            <path d="M6.4 7.5h3.2L10.6 14H5.4z" />
          </svg>
        </span>
        Keyhole
      </div>
      <ul className="rail-list">
        {PAGES.map((item) => {
          const Icon = PAGE_ICONS[item.id];
          const current = item.id === page;
          return (
            <li key={item.id}>
              <button
                type="button"
                className="rail-item"
                aria-current={current ? 'page' : undefined}
                onClick={() => go(item.id)}
                title={`${item.label} (G then ${item.key.toUpperCase()})`}
              >
                <Icon />
                <span>{item.label}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
