import type { BlobStore } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The bytes of uploaded builds, kept once under their sha256 (replicas share the folder or the S3 bucket). */
    buildStore: BlobStore;
  }
}

/** Decorates `app.buildStore` with the store the app was given (files on a volume, or S3). */
export const buildStorePlugin = fp(
  async (app: FastifyInstance, options: { store: BlobStore }) => {
    app.decorate('buildStore', options.store);
  },
  { name: 'build-store' },
);
