import type { ReactNode } from 'react';
import type { PageId } from '../pages';

/** 16px line icons drawn in currentColor; decorative (the label beside them names the control). */
function Icon({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const KeyIcon = () => (
  <Icon>
    <circle cx="5.5" cy="10.5" r="3" />
    <path d="M7.6 8.4 13.5 2.5M11.5 4.5l1.5 1.5M10 6l1.2 1.2" />
  </Icon>
);
export const DiffIcon = () => (
  <Icon>
    <rect x="2" y="2.5" width="5" height="11" rx="1" />
    <rect x="9" y="2.5" width="5" height="11" rx="1" />
    <path d="M3.8 6h1.4M11.5 5.3v1.4M10.8 6h1.4M3.8 10h1.4M10.8 10h1.4" />
  </Icon>
);
export const HistoryIcon = () => (
  <Icon>
    <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9" />
    <path d="M2.3 2.6v2.6h2.6M8 5v3.2l2.1 1.3" />
  </Icon>
);
export const RotationIcon = () => (
  <Icon>
    <path d="M13 6.5A5 5 0 0 0 3.7 5M3 9.5A5 5 0 0 0 12.3 11" />
    <path d="M3.5 2.5V5H6M12.5 13.5V11H10" />
  </Icon>
);
export const PoliciesIcon = () => (
  <Icon>
    <rect x="2.5" y="3" width="11" height="10.5" rx="1.2" />
    <path d="M2.5 6h11M5.5 1.8v2.4M10.5 1.8v2.4M5 9h1.5M7.5 9H9M5 11.5h1.5" />
    <path d="m10.2 10.8 1 1 1.8-2.1" />
  </Icon>
);
export const AuditIcon = () => (
  <Icon>
    <path d="M4 2.5h6l2.5 2.5v8.5H4z" />
    <path d="M6 7h4.5M6 9.5h4.5M6 12h2.5" />
  </Icon>
);
export const ConnectionsIcon = () => (
  <Icon>
    <path d="M6 4.5 4.6 3.1a2.3 2.3 0 0 0-3.2 3.2L3.5 8.4a2.3 2.3 0 0 0 3.2 0" />
    <path d="M10 11.5l1.4 1.4a2.3 2.3 0 0 0 3.2-3.2l-2.1-2.1a2.3 2.3 0 0 0-3.2 0M5.5 10.5l5-5" />
  </Icon>
);
export const SettingsIcon = () => (
  <Icon>
    <path d="M2.5 4.5h6M11.5 4.5h2M2.5 11.5h2M7.5 11.5h6" />
    <circle cx="10" cy="4.5" r="1.5" />
    <circle cx="6" cy="11.5" r="1.5" />
  </Icon>
);
export const SearchIcon = () => (
  <Icon>
    <circle cx="7" cy="7" r="4.2" />
    <path d="m10.2 10.2 3.3 3.3" />
  </Icon>
);
export const LockOpenIcon = () => (
  <Icon>
    <rect x="3" y="7.2" width="10" height="6.8" rx="1.2" />
    <path d="M5.2 7.2V5a2.8 2.8 0 0 1 5.4-1" />
  </Icon>
);
export const LockIcon = () => (
  <Icon>
    <rect x="3" y="7.2" width="10" height="6.8" rx="1.2" />
    <path d="M5.2 7.2V5a2.8 2.8 0 0 1 5.6 0v2.2" />
  </Icon>
);
export const EyeIcon = () => (
  <Icon>
    <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z" />
    <circle cx="8" cy="8" r="2" />
  </Icon>
);
export const CopyIcon = () => (
  <Icon>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.2" />
    <path d="M10.5 5.5V3.7a1.2 1.2 0 0 0-1.2-1.2H3.7a1.2 1.2 0 0 0-1.2 1.2v5.6a1.2 1.2 0 0 0 1.2 1.2h1.8" />
  </Icon>
);
export const ShieldIcon = ({ size }: { size?: number }) => (
  <Icon size={size ?? 12}>
    <path d="M8 1.8 13 3.6v4.1c0 3-2.2 5.2-5 6.3-2.8-1.1-5-3.3-5-6.3V3.6z" />
  </Icon>
);
export const PlusIcon = () => (
  <Icon>
    <path d="M8 3v10M3 8h10" />
  </Icon>
);
export const RefreshIcon = () => (
  <Icon>
    <path d="M13.2 8A5.2 5.2 0 1 1 11.6 4.2" />
    <path d="M13.5 2.5v2.8h-2.8" />
  </Icon>
);
export const CloseIcon = () => (
  <Icon>
    <path d="m4 4 8 8M12 4l-8 8" />
  </Icon>
);
export const BoxIcon = ({ size }: { size?: number }) => (
  <Icon size={size ?? 16}>
    <path d="M8 1.8 13.5 4.6v6.8L8 14.2 2.5 11.4V4.6z" />
    <path d="M2.5 4.6 8 7.4l5.5-2.8M8 7.4v6.8" />
  </Icon>
);
export const ChevronIcon = () => (
  <Icon size={12}>
    <path d="m6 4 4 4-4 4" />
  </Icon>
);

export const PAGE_ICONS: Record<PageId, () => ReactNode> = {
  secrets: KeyIcon,
  diff: DiffIcon,
  history: HistoryIcon,
  rotation: RotationIcon,
  policies: PoliciesIcon,
  audit: AuditIcon,
  connections: ConnectionsIcon,
  settings: SettingsIcon,
};
