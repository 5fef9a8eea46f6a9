import { useEffect } from 'react';
import { api } from '../../api';
import { useEdit } from '../../stores/edit';
import { DeleteDialog } from './DeleteDialog';
import { EditMetadataDialog } from './EditMetadataDialog';
import { EditValueDialog } from './EditValueDialog';
import { NewSecretDialog } from './NewSecretDialog';
import './edit.css';

/** The one open edit dialog, if any. A lock closes it, and with it any value being typed. */
export function EditDialogs() {
  const dialog = useEdit((s) => s.dialog);
  useEffect(() => api.on('app:locked', () => useEdit.getState().close()), []);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'create':
      return <NewSecretDialog environmentId={dialog.environmentId} />;
    case 'value':
      return <EditValueDialog key={`${dialog.environmentId}\n${dialog.name}`} environmentId={dialog.environmentId} name={dialog.name} />;
    case 'metadata':
      return <EditMetadataDialog key={`${dialog.environmentId}\n${dialog.name}`} environmentId={dialog.environmentId} name={dialog.name} />;
    case 'delete':
      return <DeleteDialog key={`${dialog.environmentId}\n${dialog.name}`} environmentId={dialog.environmentId} name={dialog.name} />;
  }
}
