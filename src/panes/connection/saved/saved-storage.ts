/**
 * Where saved connections live: IndexedDB in the browser (one record, the list), behind a small
 * interface so the model and its tests need no browser. Nothing stored holds a plain secret: the
 * list is saved-model.ts's entries (connection strings without keys, sealed keys).
 */
import type { SavedConnection } from './saved-model.ts';

export interface SavedStorage {
  load(): Promise<SavedConnection[]>;
  save(list: readonly SavedConnection[]): Promise<void>;
}

/** In memory: unit tests, and browsers without IndexedDB (nothing survives a reload there). */
export function memoryStorage(initial: SavedConnection[] = []): SavedStorage {
  let list = structuredClone(initial);
  return {
    load: () => Promise.resolve(structuredClone(list)),
    save: (next) => {
      list = structuredClone([...next]);
      return Promise.resolve();
    },
  };
}

export const DB_NAME = 'iothub-console';
export const DB_STORE = 'saved-connections';
const LIST_KEY = 'list';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(DB_STORE);
  return request(open);
}

export function indexedDbStorage(): SavedStorage {
  return {
    async load() {
      const db = await openDb();
      try {
        const value: unknown = await request(
          db.transaction(DB_STORE).objectStore(DB_STORE).get(LIST_KEY),
        );
        return Array.isArray(value) ? (value as SavedConnection[]) : [];
      } finally {
        db.close();
      }
    },
    async save(list) {
      const db = await openDb();
      try {
        const tx = db.transaction(DB_STORE, 'readwrite');
        tx.objectStore(DB_STORE).put([...list], LIST_KEY);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        });
      } finally {
        db.close();
      }
    },
  };
}

export function browserStorage(): SavedStorage {
  return typeof indexedDB === 'undefined' ? memoryStorage() : indexedDbStorage();
}
