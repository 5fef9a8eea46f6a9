/**
 * The blank row a virtualised table puts above or below the rows it renders, so the scrollbar
 * stands for the whole list.
 */
export function SpacerRow({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden="true" className="spacer">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
