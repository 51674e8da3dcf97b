// The menu and the notice behind the copy and export buttons. A module of its own so that MUI's
// Menu, MenuItem and Snackbar load when a user first opens one (lazy-popup-menu.tsx), not with
// the first screen (docs/benchmarks.md, initial JavaScript).
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';

export type PopupMenuProps = {
  anchor: HTMLElement | null;
  onClose: () => void;
  items: readonly { label: string; onClick: () => void }[];
  /** A short notice after an action (e.g. "Copied body"); undefined: none. */
  notice?: string | undefined;
  onNoticeClose?: () => void;
};

export function PopupMenu({ anchor, onClose, items, notice, onNoticeClose }: PopupMenuProps) {
  return (
    <>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={onClose}>
        {items.map((item) => (
          <MenuItem key={item.label} onClick={item.onClick}>
            {item.label}
          </MenuItem>
        ))}
      </Menu>
      {onNoticeClose && (
        <Snackbar
          open={notice !== undefined}
          autoHideDuration={2500}
          onClose={onNoticeClose}
          message={notice}
        />
      )}
    </>
  );
}
