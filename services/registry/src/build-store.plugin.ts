import { createFileBlobStore, type BlobStore } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The bytes of uploaded builds, kept once under their sha256 (replicas share the folder). */
    buildStore: BlobStore;
  }
}

/** Decorates `app.buildStore`: a file blob store in `dir`. */
export const buildStorePlugin = fp(
  async (app: FastifyInstance, options: { dir: string }) => {
    app.decorate('buildStore', createFileBlobStore(options.dir));
  },
  { name: 'build-store' },
);
