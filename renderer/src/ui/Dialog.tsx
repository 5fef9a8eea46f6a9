import { useEffect, useId, useRef, type ReactNode } from 'react';
import { trapTab } from './focus';
import { CloseIcon } from './icons';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** One line under the title, read as the dialog's description. */
  description?: ReactNode;
  /** alertdialog for confirmations. */
  role?: 'dialog' | 'alertdialog';
  size?: 'small' | 'medium' | 'large' | 'palette';
  /** Title for assistive technology only, and no close button (Escape still closes). */
  bare?: boolean;
}

/**
 * A modal on the native <dialog> (the page behind is inert, Escape cancels). Mount it to open it;
 * unmounting returns focus to whatever had it before. The element marked data-autofocus, or the
 * first control, receives focus.
 */
export function Dialog({ title, onClose, children, description, role = 'dialog', size = 'medium', bare = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (before?.isConnected) before.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={description !== undefined ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => ref.current && trapTab(event, ref.current)}
    >
      {bare ? (
        <h2 id={titleId} className="visually-hidden">
          {title}
        </h2>
      ) : (
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={() => onClose()}>
            <CloseIcon />
          </button>
        </header>
      )}
      {description !== undefined && (
        <p className="dialog-description" id={descriptionId}>
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}
