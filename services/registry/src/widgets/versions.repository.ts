import { UniqueConstraintViolationException, type QueryResult } from '@mikro-orm/core';
import type { StoredBlob } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WidgetFileEntity, WidgetVersionEntity, type WidgetVersionRecord } from '../entities';
import { versionExists } from '../errors';

/** A version to record: everything but the failure counters. */
export type NewVersion = Pick<
  WidgetVersionRecord,
  'name' | 'version' | 'manifest' | 'source' | 'entryPath' | 'entryUrl' | 'integrity' | 'publishedBy'
>;

/** A widget and version, e.g. a layout's pin. */
export interface VersionKey {
  name: string;
  version: string;
}

/** Published versions, their files and their load failures. */
export interface VersionsRepository {
  /** True when name@version is published. */
  exists(name: string, version: string): Promise<boolean>;
  /** Records a version and its files in one transaction; a taken name@version is 409 VERSION_EXISTS. */
  insert(version: NewVersion, files?: Map<string, StoredBlob>): Promise<WidgetVersionRecord>;
  /** One version, or null. */
  get(name: string, version: string): Promise<WidgetVersionRecord | null>;
  /** Every version of every widget, by name, newest first. */
  all(): Promise<WidgetVersionRecord[]>;
  /** Every version of one widget, newest first. */
  ofWidget(name: string): Promise<WidgetVersionRecord[]>;
  /** The versions among `keys` that exist. */
  findMany(keys: VersionKey[]): Promise<WidgetVersionRecord[]>;
  /** Which of these widget names have at least one published version. */
  publishedNames(names: string[]): Promise<Set<string>>;
  /** The blob of one stored file, or null. */
  findFile(name: string, version: string, path: string): Promise<StoredBlob | null>;
  /** Counts a load failure a shell reported; false when the version does not exist. */
  recordFailure(name: string, version: string, reason: string): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Published versions and their files, bound to the request's EntityManager (or the seed's transaction). */
    versionsRepository: VersionsRepository;
  }
}

/** Creates the repository over `app.orm.em`: the request's fork, or the transaction it runs in. */
export function createVersionsRepository(app: FastifyInstance): VersionsRepository {
  const { em } = app.orm;
  const read = { disableIdentityMap: true } as const;
  const newestFirst = { name: 'asc', publishedAt: 'desc', version: 'desc' } as const;
  return {
    async exists(name, version) {
      return (await em.count(WidgetVersionEntity, { name, version })) > 0;
    },

    async insert(version, files) {
      try {
        await em.transactional(async (tx) => {
          await tx.insert(WidgetVersionEntity, { ...version, failureCount: 0 });
          if (files?.size) {
            const rows = [...files].map(([path, blob]) => ({ name: version.name, version: version.version, path, sha256: blob.sha256, size: blob.size }));
            await tx.insertMany(WidgetFileEntity, rows);
          }
        });
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) throw versionExists(version.name, version.version);
        throw error;
      }
      return em.findOneOrFail(WidgetVersionEntity, { name: version.name, version: version.version }, read);
    },

    get: (name, version) => em.findOne(WidgetVersionEntity, { name, version }, read),

    all: () => em.find(WidgetVersionEntity, {}, { ...read, orderBy: newestFirst }),

    ofWidget: (name) => em.find(WidgetVersionEntity, { name }, { ...read, orderBy: newestFirst }),

    async findMany(keys) {
      if (keys.length === 0) return [];
      return em.find(WidgetVersionEntity, { $or: keys.map(({ name, version }) => ({ name, version })) }, read);
    },

    async publishedNames(names) {
      if (names.length === 0) return new Set();
      const rows = await em.execute<{ name: string }[]>(
        'select distinct name from registry.widget_version where name in (?)',
        [names],
      );
      return new Set(rows.map((r) => r.name));
    },

    async findFile(name, version, path) {
      const file = await em.findOne(WidgetFileEntity, { name, version, path }, read);
      return file ? { sha256: file.sha256, size: Number(file.size) } : null;
    },

    async recordFailure(name, version, reason) {
      const updated = await em.execute<QueryResult>(
        `update registry.widget_version
         set failure_count = failure_count + 1, failure_last_reason = ?, failure_last_at = now()
         where name = ? and version = ?`,
        [reason, name, version],
        'run',
      );
      return updated.affectedRows > 0;
    },
  };
}

/** Decorates `app.versionsRepository`. */
export const versionsRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('versionsRepository', createVersionsRepository(app));
  },
  { name: 'versions-repository', dependencies: ['switchboard-orm'] },
);
