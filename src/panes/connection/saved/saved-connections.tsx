// Saved connections (docs/saved-connections.md): listed under the connection string, switched to
// in one click (asking for the key or the passphrase when this page does not hold it yet),
// renamed, deleted, exported and imported without keys. Keys typed or unlocked stay in this
// component's memory for the page's life. Migrates the old "Remember on this browser" once.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';

import { loadRemembered, saveRemembered } from '../remembered.ts';

import { PromptDialog, type PromptSpec } from './prompt-dialog.tsx';
import { SaveDialog, type SaveChoice } from './save-dialog.tsx';
import {
  defaultName,
  exportConnections,
  importConnections,
  joinSecret,
  migrateRemembered,
  remove,
  rename,
  splitSecret,
  uniqueName,
  upsert,
  type SavedConnection,
  type SavedOptions,
} from './saved-model.ts';
import { browserStorage, type SavedStorage } from './saved-storage.ts';
import { openSecret, sealSecret } from './secret-box.ts';

const newId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

export const MIGRATION_NOTICE =
  'Your remembered connection string was stored with its key in plain text in this browser. The key is deleted from there; the rest is kept as the saved connection "{name}". Its key is asked for on connect, or save it again encrypted with a passphrase.';

type Loaded = { list: SavedConnection[]; migrated?: { entry: SavedConnection; full: string } };
let loading: Promise<Loaded> | undefined;

/** Loads once per page (StrictMode mounts twice) and migrates the old remembered string. */
function loadOnce(storage: SavedStorage, options: SavedOptions): Promise<Loaded> {
  loading ??= (async () => {
    let list = await storage.load().catch(() => [] as SavedConnection[]);
    const legacy = loadRemembered();
    if (legacy === undefined) return { list };
    const { entry, fullConnectionString } = migrateRemembered(legacy, options, newId(), Date.now());
    entry.name = uniqueName(list, entry.name);
    list = upsert(list, entry);
    await storage.save(list).catch(() => undefined);
    saveRemembered(undefined);
    return { list, migrated: { entry, full: fullConnectionString } };
  })();
  return loading;
}

type Props = {
  /** The connection string in the field, key included (it stays in memory). */
  current: string;
  canSave: boolean;
  options: SavedOptions;
  onFill: (connectionString: string) => void;
  onUse: (connectionString: string, options: SavedOptions) => void;
};

export function SavedConnections(p: Props) {
  const [storage] = useState(browserStorage);
  const [list, setList] = useState<SavedConnection[]>([]);
  const latest = useRef<SavedConnection[]>([]);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [prompt, setPrompt] = useState<PromptSpec>();
  const [saving, setSaving] = useState(false);
  // Full connection strings (keys included) typed or unlocked on this page: memory only.
  const [keys, setKeys] = useState<ReadonlyMap<string, string>>(new Map());
  const keep = (id: string, full: string) => setKeys((m) => new Map(m).set(id, full));
  const file = useRef<HTMLInputElement>(null);
  const { onFill, options } = p;

  useEffect(() => {
    let live = true;
    void loadOnce(storage, options).then(({ list: loaded, migrated }) => {
      if (!live) return;
      latest.current = loaded;
      setList(loaded);
      if (migrated) {
        keep(migrated.entry.id, migrated.full);
        onFill(migrated.full);
        setNotice(MIGRATION_NOTICE.replace('{name}', migrated.entry.name));
      }
    });
    return () => {
      live = false;
    };
    // Once per mount: options and onFill are read at load time only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storage]);

  // Each change applies to the latest list (two quick clicks do not undo each other) and shows
  // once it is stored, so what the list shows survives a reload.
  const commit = async (change: (current: SavedConnection[]) => SavedConnection[]) => {
    const next = change(latest.current);
    latest.current = next;
    try {
      await storage.save(next);
      setList(next);
    } catch (e) {
      setError(`Could not store saved connections in this browser: ${(e as Error).message}`);
    }
  };

  const use = (e: SavedConnection) => {
    const known = keys.get(e.id);
    if (known !== undefined || !e.secretName)
      return p.onUse(known ?? e.connectionString, e.options);
    const secretName = e.secretName;
    const connect = (secret: string) => {
      const full = joinSecret(e.connectionString, secretName, secret);
      keep(e.id, full);
      p.onUse(full, e.options);
    };
    const sealed = e.sealed;
    if (e.secret === 'encrypted' && sealed)
      return setPrompt({
        title: `Unlock ${e.name}`,
        text: 'The key of this connection is stored encrypted. Its passphrase decrypts it for this page only.',
        label: 'Passphrase',
        secret: true,
        submit: 'Unlock and connect',
        onSubmit: async (passphrase) => {
          const opened = await openSecret(sealed, passphrase, e.connectionString);
          if (!opened.ok) return opened.error;
          connect(opened.value);
          return undefined;
        },
      });
    setPrompt({
      title: `Key for ${e.name}`,
      text: 'This connection was saved without its key. It stays in this page’s memory only.',
      label: secretName === 'SharedAccessKey' ? 'Shared access key' : 'Shared access signature',
      secret: true,
      submit: 'Connect',
      onSubmit: (secret) => {
        connect(secret);
        return Promise.resolve(undefined);
      },
    });
  };

  const save = async ({ name, passphrase }: SaveChoice) => {
    const split = splitSecret(p.current);
    const id = newId();
    const sealed =
      passphrase !== undefined && split.secret !== undefined
        ? await sealSecret(split.secret, passphrase, split.rest)
        : undefined;
    if (split.secret !== undefined) keep(id, p.current.trim());
    await commit((current) =>
      upsert(current, {
        id,
        name,
        connectionString: split.rest,
        ...(split.secretName ? { secretName: split.secretName } : {}),
        secret: sealed ? 'encrypted' : 'ask',
        ...(sealed ? { sealed } : {}),
        options: p.options,
        savedAt: Date.now(),
      }),
    );
    setSaving(false);
  };

  const exportFile = () => {
    const url = URL.createObjectURL(
      new Blob([exportConnections(list)], { type: 'application/json' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = 'iothub-console-connections.json';
    a.click();
    URL.revokeObjectURL(url);
  };

  const importFile = async (f: File) => {
    const read = importConnections(await f.text(), newId, Date.now());
    if (!read.ok) return setError(`Import failed: ${read.error}`);
    await commit((current) => {
      let next = current;
      for (const entry of read.value)
        next = [...next, { ...entry, name: uniqueName(next, entry.name) }];
      return next;
    });
  };

  return (
    <Stack component="section" aria-label="Saved connections" spacing={1}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="subtitle2" component="h3" sx={{ flex: 1 }}>
          Saved connections
        </Typography>
        <Button size="small" disabled={!p.canSave} onClick={() => setSaving(true)}>
          Save connection…
        </Button>
        <Button size="small" disabled={list.length === 0} onClick={exportFile}>
          Export connections
        </Button>
        <Button size="small" onClick={() => file.current?.click()}>
          Import connections
        </Button>
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Connections file to import"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
      </Stack>
      {notice && (
        <Alert severity="warning" onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      {error && (
        <Alert severity="error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
      {list.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          None yet. Keys stay in memory unless you save one encrypted with a passphrase.
        </Typography>
      ) : (
        <Box
          component="ul"
          aria-label="Saved connection list"
          sx={{ m: 0, p: 0, listStyle: 'none' }}
        >
          {list.map((e) => (
            <Stack
              component="li"
              key={e.id}
              direction="row"
              spacing={1}
              useFlexGap
              sx={{ alignItems: 'center', flexWrap: 'wrap' }}
            >
              <Button
                size="small"
                variant="outlined"
                aria-label={`Connect ${e.name}`}
                onClick={() => use(e)}
              >
                {e.name}
              </Button>
              <Typography variant="caption" color="text.secondary" sx={{ flex: 1 }}>
                {defaultName(e.connectionString)} ·{' '}
                {!e.secretName
                  ? 'no key needed'
                  : keys.has(e.id)
                    ? 'key in memory'
                    : e.secret === 'encrypted'
                      ? 'key encrypted with a passphrase'
                      : 'key asked on connect'}
              </Typography>
              <Button
                size="small"
                aria-label={`Rename ${e.name}`}
                onClick={() =>
                  setPrompt({
                    title: `Rename ${e.name}`,
                    label: 'New name',
                    initial: e.name,
                    submit: 'Rename',
                    onSubmit: async (name) => {
                      const n = name.trim();
                      if (list.some((o) => o.id !== e.id && o.name === n))
                        return `A saved connection is already named "${n}".`;
                      await commit((current) => rename(current, e.id, n));
                      return undefined;
                    },
                  })
                }
              >
                Rename
              </Button>
              <Button
                size="small"
                color="warning"
                aria-label={`Delete ${e.name}`}
                onClick={() => {
                  setKeys((m) => new Map([...m].filter(([id]) => id !== e.id)));
                  void commit((current) => remove(current, e.id));
                }}
              >
                Delete
              </Button>
            </Stack>
          ))}
        </Box>
      )}
      {saving && (
        <SaveDialog
          initialName={uniqueName(list, defaultName(p.current))}
          onSave={save}
          onClose={() => setSaving(false)}
        />
      )}
      {prompt && <PromptDialog spec={prompt} onClose={() => setPrompt(undefined)} />}
    </Stack>
  );
}
