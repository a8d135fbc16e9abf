import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { registryApi } from '@switchboard/contracts';
import { serve } from '@switchboard/service-kit';
import type { FastifyPluginAsync } from 'fastify';
import { sdkPackageNotFound } from '../errors';

/** Where the SDK tarballs lie (`packages/cli/scripts/pack-packages.cjs` writes them); none served without one. */
export interface SdkRoutesOptions {
  dir?: string;
}

/** The size of `file` in `dir`, or null when there is no such regular file. */
async function sizeOf(dir: string, file: string): Promise<number | null> {
  try {
    const info = await stat(path.join(dir, file));
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

/**
 * `GET /sdk/:file`: the platform's own npm packages as tarballs, public, so an installation
 * without a registry that has them can `npm install` them by URL. The file name pattern of the
 * contract keeps the path inside the folder.
 */
export const sdkRoutes: FastifyPluginAsync<SdkRoutesOptions> = async (app, { dir }) => {
  serve(app, registryApi.getSdkPackage, async (request, reply) => {
    const { file } = request.params;
    const size = dir ? await sizeOf(dir, file) : null;
    if (!dir || size === null) throw sdkPackageNotFound(file);
    return reply
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .header('content-length', size)
      .type('application/gzip')
      .send(createReadStream(path.join(dir, file)));
  });
};
