// Served by the emulator: one click connects as one of its devices or modules, or as a new device.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Fragment, useState } from 'react';

import { getHubService } from '../../store/console-session.ts';

import { pickerEntries, type PickerEntry } from './picker-entries.ts';
import { PickerItem } from './picker-item.tsx';

type Props = { onPicked: (connectionString: string) => void };

export function EmulatorDevicePicker({ onPicked }: Props) {
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<PickerEntry[] | undefined>();
  const [newId, setNewId] = useState('');
  const [error, setError] = useState<string | undefined>();

  const load = async () => {
    setError(undefined);
    try {
      setEntries(pickerEntries((await getHubService()?.listIdentities()) ?? []));
    } catch (e) {
      setEntries([]);
      setError(`Could not list the emulator's devices: ${(e as Error).message}`);
    }
  };
  const show = () => {
    setOpen(true);
    setEntries(undefined);
    setNewId(`device-${Math.random().toString(36).slice(2, 7)}`);
    void load();
  };
  const pick = async (deviceId: string, create: boolean, moduleId?: string) => {
    const hub = getHubService();
    if (!hub) return;
    const name = moduleId ? `${deviceId}/${moduleId}` : deviceId;
    try {
      onPicked(await hub.deviceConnectionString(deviceId, create, moduleId));
      setOpen(false);
    } catch (e) {
      setError(`Could not ${create ? 'create' : 'read'} ${name}: ${(e as Error).message}`);
    }
  };
  const createNow = () => {
    if (newId.trim()) void pick(newId.trim(), true);
  };

  return (
    <>
      <Button onClick={show}>Connect as an emulator device</Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="picker-title" fullWidth>
        <DialogTitle id="picker-title">Connect as an emulator device</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Stack direction="row" sx={{ alignItems: 'center' }}>
              <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
                Pick a device (or module) to connect as. IoT Hub allows one connection per identity,
                so connecting here disconnects a client already connected as it.
              </Typography>
              <Button size="small" onClick={() => void load()}>
                Refresh list
              </Button>
            </Stack>
            <List aria-label="Emulator devices" sx={{ maxHeight: 320, overflow: 'auto', py: 0 }}>
              {entries === undefined && (
                <ListItem sx={{ color: 'text.secondary' }}>
                  Loading the emulator’s devices…
                </ListItem>
              )}
              {entries?.length === 0 && !error && (
                <ListItem sx={{ color: 'text.secondary' }}>
                  No devices yet: create one below.
                </ListItem>
              )}
              {entries?.map((e) => (
                <Fragment key={e.deviceId}>
                  <PickerItem identity={e} onPick={() => void pick(e.deviceId, false)} />
                  {e.modules.map((m) => (
                    <PickerItem
                      key={m.moduleId}
                      identity={m}
                      nested
                      onPick={() => void pick(m.deviceId, false, m.moduleId)}
                    />
                  ))}
                </Fragment>
              ))}
            </List>
            <Stack
              component="form"
              direction="row"
              spacing={1}
              onSubmit={(e) => {
                e.preventDefault();
                createNow();
              }}
            >
              <TextField
                size="small"
                label="New device ID"
                value={newId}
                onChange={(e) => setNewId(e.target.value)}
                sx={{ flex: 1 }}
              />
              <Button type="submit" variant="contained" disabled={!newId.trim()}>
                Create and connect
              </Button>
            </Stack>
            {error && (
              <Typography color="error" role="alert">
                {error}
              </Typography>
            )}
          </Stack>
        </DialogContent>
      </Dialog>
    </>
  );
}
