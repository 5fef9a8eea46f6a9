import { useBulkRotation } from '../../../stores/bulk-rotation';
import { BulkRotationDialog } from './BulkRotationDialog';
import { SecretPicker } from './SecretPicker';

/** The Rotation page's way in: "Bulk rotation…", the secret picker, then the bulk dialog. */
export function BulkEntry() {
  const picking = useBulkRotation((s) => s.picking);
  const items = useBulkRotation((s) => s.dialogItems);
  const close = () => {
    useBulkRotation.getState().pick(false);
    useBulkRotation.getState().openDialog(null);
  };
  return (
    <>
      <button type="button" className="button" onClick={() => useBulkRotation.getState().pick(true)}>
        Bulk rotation…
      </button>
      {picking && <SecretPicker onClose={close} />}
      {items && <BulkRotationDialog items={items} onClose={close} />}
    </>
  );
}
