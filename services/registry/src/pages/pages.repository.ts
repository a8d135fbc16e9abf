import { MANDATORY_WIDGETS, type LayoutItem, type LayoutPage, type PageComposition, type SaveLayoutBody } from '@switchboard/contracts';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  adminRequired,
  duplicateWidget,
  layoutVersionConflict,
  mandatoryWidget,
  unknownPinnedVersion,
  unknownWidget,
  userRequired,
} from '../errors';
import type { RegistrySettings } from '../settings';
import { compose, type ChosenLayout, versionsToLoad } from './compose';
import type { LayoutOwner } from './layouts.repository';

/** Which layout row a request is about: the caller's own, a team's, or the page default (the last two for admins). */
export type LayoutTarget = { kind: 'own' } | { kind: 'team'; teamId: string } | { kind: 'default' };

/** Page compositions and layout edits. */
export interface PagesRepository {
  /**
   * The page as the target row would show it to the caller: that row, else the rows it falls
   * back to (the caller's own: their teams' in token order, then the default; a team's: the default).
   */
  composition(caller: Caller, page: LayoutPage, target: LayoutTarget): Promise<PageComposition>;
  /**
   * Replaces the target's layout when `body.version` is still its version: refuses missing or
   * hidden mandatory widgets, duplicates, unknown widgets and pins; a stale version is 409 with
   * the current composition. Answers the new composition.
   */
  save(caller: Caller, page: LayoutPage, target: LayoutTarget, body: SaveLayoutBody): Promise<PageComposition>;
  /** Deletes the target's row, so it falls back again; answers the composition. */
  reset(caller: Caller, page: LayoutPage, target: LayoutTarget): Promise<PageComposition>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Page compositions and layout edits. */
    pagesRepository: PagesRepository;
  }
}

/** The row a target names, if the caller may use it: their own needs a user, the others an admin. */
function ownerOf(caller: Caller, target: LayoutTarget): LayoutOwner {
  if (target.kind === 'own') {
    if (!caller.userId) throw userRequired();
    return { kind: 'user', userId: caller.userId };
  }
  if (!caller.isAdmin) throw adminRequired();
  return target.kind === 'team' ? { kind: 'team', teamId: target.teamId.toLowerCase() } : target;
}

/** The owner's row followed by the rows it falls back to, in order. */
function fallbackChain(caller: Caller, owner: LayoutOwner): LayoutOwner[] {
  const teams = owner.kind === 'user' ? caller.teams.map((teamId): LayoutOwner => ({ kind: 'team', teamId })) : [];
  return owner.kind === 'default' ? [owner] : [owner, ...teams, { kind: 'default' }];
}

/** Creates the repository over the layouts, releases and versions repositories. */
export function createPagesRepository(app: FastifyInstance, settings: RegistrySettings): PagesRepository {
  const { layoutsRepository, releasesRepository, versionsRepository } = app;
  const { environment, assetBaseUrl } = settings;

  const composition = async (caller: Caller, page: LayoutPage, owner: LayoutOwner) => {
    // The chain holds one row of the owner's kind: the edited one. The first row found is used.
    const [used] = await layoutsRepository.find(page, fallbackChain(caller, owner));
    const layout: ChosenLayout = {
      source: used?.owner.kind ?? 'default',
      items: used?.items ?? [],
      editedVersion: used?.owner.kind === owner.kind ? used.version : 0,
    };
    const releases = new Map((await releasesRepository.all(environment)).map((r) => [r.name, r]));
    const versions = await versionsRepository.findMany(versionsToLoad(layout.items, releases));
    return compose({ page, environment, caller, layout, releases, versions, assetBaseUrl });
  };

  const validate = async (page: LayoutPage, items: LayoutItem[]) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.widget)) throw duplicateWidget(item.widget);
      seen.add(item.widget);
    }
    if (page === 'email-detail') {
      for (const widget of MANDATORY_WIDGETS) {
        const item = items.find((i) => i.widget === widget);
        if (!item || item.hidden) throw mandatoryWidget(widget);
      }
    }
    const published = await versionsRepository.publishedNames([...seen]);
    const unknown = items.find((item) => !published.has(item.widget));
    if (unknown) throw unknownWidget(unknown.widget);
    const pins = items.flatMap((item) => (item.version ? [{ name: item.widget, version: item.version }] : []));
    const found = new Set((await versionsRepository.findMany(pins)).map((v) => `${v.name}@${v.version}`));
    const missing = pins.find((pin) => !found.has(`${pin.name}@${pin.version}`));
    if (missing) throw unknownPinnedVersion(missing.name, missing.version);
  };

  return {
    composition: (caller, page, target) => composition(caller, page, ownerOf(caller, target)),

    async save(caller, page, target, { widgets, version }) {
      const owner = ownerOf(caller, target);
      await validate(page, widgets);
      const saved = await layoutsRepository.save(page, owner, widgets, version);
      if (saved === null) throw layoutVersionConflict(await composition(caller, page, owner));
      return composition(caller, page, owner);
    },

    async reset(caller, page, target) {
      const owner = ownerOf(caller, target);
      await layoutsRepository.remove(page, owner);
      return composition(caller, page, owner);
    },
  };
}

/** Decorates `app.pagesRepository`. */
export const pagesRepositoryPlugin = fp(
  async (app: FastifyInstance, settings: RegistrySettings) => {
    app.decorate('pagesRepository', createPagesRepository(app, settings));
  },
  { name: 'pages-repository', dependencies: ['layouts-repository', 'releases-repository', 'versions-repository'] },
);
