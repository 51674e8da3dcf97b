// Which code a benchmark measured: HEAD plus whether a folder had uncommitted changes.

import { execFileSync } from 'node:child_process';

export function revision(folder: string): { commit?: string; dirty?: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--', folder).length > 0,
    };
  } catch {
    return {};
  }
}
