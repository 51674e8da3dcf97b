import { describe, expect, it } from 'vitest';

import { DEFAULT_CONNECTION_DRAFT } from '../../../store/draft-types.ts';

import {
  defaultName,
  exportConnections,
  importConnections,
  joinSecret,
  migrateRemembered,
  optionsOf,
  remove,
  rename,
  splitSecret,
  uniqueName,
  upsert,
  type SavedConnection,
} from './saved-model.ts';
import { memoryStorage } from './saved-storage.ts';

const KEY = 'QNdFnZAHrNH3PN6mno123dxXZAz9xOrmfjviUokdevg=';
const CS = `HostName=hub.azure-devices.net;DeviceId=d1;ModuleId=m1;SharedAccessKey=${KEY}`;
const options = optionsOf(DEFAULT_CONNECTION_DRAFT);

const entry = (name: string, id = name): SavedConnection => ({
  id,
  name,
  connectionString: 'HostName=h;DeviceId=d',
  secretName: 'SharedAccessKey',
  secret: 'ask',
  options,
  savedAt: 1,
});

describe('saved connections model', () => {
  it('splits the secret off and puts it back', () => {
    expect(splitSecret(CS)).toEqual({
      rest: 'HostName=hub.azure-devices.net;DeviceId=d1;ModuleId=m1',
      secretName: 'SharedAccessKey',
      secret: KEY,
    });
    const sas =
      'HostName=h;DeviceId=d;SharedAccessSignature=SharedAccessSignature sr=h&sig=a%3D&se=9';
    const split = splitSecret(sas);
    expect(split.rest).toBe('HostName=h;DeviceId=d');
    expect(split.secret).toBe('SharedAccessSignature sr=h&sig=a%3D&se=9');
    expect(joinSecret(split.rest, 'SharedAccessSignature', split.secret ?? '')).toBe(sas);
    expect(splitSecret('HostName=h;DeviceId=d')).toEqual({ rest: 'HostName=h;DeviceId=d' });
    expect(defaultName(CS)).toBe('d1/m1');
  });

  it('adds, renames and deletes by id, one entry per name', () => {
    let list = upsert([], entry('a'));
    list = upsert(list, entry('b'));
    list = upsert(list, { ...entry('a', 'a2'), savedAt: 2 });
    expect(list.map((e) => [e.id, e.name])).toEqual([
      ['a2', 'a'],
      ['b', 'b'],
    ]);
    list = rename(list, 'b', 'bee');
    expect(list.map((e) => e.name)).toEqual(['a', 'bee']);
    expect(remove(list, 'a2').map((e) => e.id)).toEqual(['b']);
    expect(uniqueName(list, 'a')).toBe('a (2)');
    expect(uniqueName(list, 'c')).toBe('c');
  });

  it('exports without any secret and imports entries that ask for their key', () => {
    const sealedEntry: SavedConnection = {
      ...entry('enc'),
      secret: 'encrypted',
      sealed: {
        v: 1,
        kdf: 'PBKDF2-SHA256',
        iterations: 1,
        salt: 'c2FsdA==',
        iv: 'aXY=',
        data: 'ZGF0YQ==',
      },
    };
    const leaky = { ...entry('leaky'), connectionString: CS }; // never stored so, but still
    const text = exportConnections([sealedEntry, leaky]);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('ZGF0YQ==');
    const back = importConnections(text, () => 'new', 5);
    expect(back.ok && back.value.map((e) => [e.name, e.connectionString, e.secret])).toEqual([
      ['enc', 'HostName=h;DeviceId=d', 'ask'],
      ['leaky', 'HostName=hub.azure-devices.net;DeviceId=d1;ModuleId=m1', 'ask'],
    ]);
  });

  it('refuses files that are not an export, naming what is wrong', () => {
    const err = (t: string) => {
      const r = importConnections(t, () => 'x', 0);
      return r.ok ? '' : r.error;
    };
    expect(err('{')).toContain('Not JSON');
    expect(err('{"connections":[]}')).toContain('Not a connections export');
    expect(err('{"format":"iothub-console.connections","connections":[{"name":"a"}]}')).toBe(
      'Connection 1 (a): "connectionString" must hold HostName=…;DeviceId=….',
    );
  });

  it('migrates the old remembered string without its key', () => {
    const { entry: e, fullConnectionString } = migrateRemembered(CS, options, 'id1', 7);
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(e).toMatchObject({
      name: 'Remembered connection',
      secret: 'ask',
      secretName: 'SharedAccessKey',
    });
    expect(fullConnectionString).toBe(CS);
  });

  it('memory storage keeps copies, not references', async () => {
    const storage = memoryStorage();
    const list = [entry('a')];
    await storage.save(list);
    list[0]!.name = 'changed';
    expect((await storage.load())[0]?.name).toBe('a');
  });
});
