// Before the first connection to a real hub: IoT Hub keeps one connection per device (spec §1.10).
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';

type Props = { open: boolean; deviceId: string; onCancel: () => void; onConfirm: () => void };

export function RealHubDialog({ open, deviceId, onCancel, onConfirm }: Props) {
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="real-hub-title">
      <DialogTitle id="real-hub-title">Connect to a real IoT hub?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          IoT Hub keeps one connection per device identity. If the real device “{deviceId}” is
          online, connecting here disconnects it (error 400027), and it may reconnect and disconnect
          this console in turn.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button onClick={onConfirm} variant="contained">
          Connect anyway
        </Button>
      </DialogActions>
    </Dialog>
  );
}
