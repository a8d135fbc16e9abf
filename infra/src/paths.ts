import { resolve } from 'node:path';

/** The repository root; the same from `infra/src` (tests) and `infra/dist` (built). */
export const REPO_ROOT = resolve(__dirname, '../..');
