import { randomUUID } from 'node:crypto';
import type {
  CalendarEvent,
  CalendarEventList,
  CalendarRangeQuery,
  CreateCalendarEventBody,
  PatchCalendarEventBody,
} from '@switchboard/contracts';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '@switchboard/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CalendarEventEntity, type CalendarEventRecord } from '../entities';
import {
  calendarOwnerForbidden,
  contactNotFound,
  eventCancelled,
  eventNotFound,
  externalKeyTaken,
  invalidTimeRange,
  userRequired,
  versionConflict,
} from '../errors';
import { requiredText } from '../validation/text';

/** Longest event: a month (so a range query reads only events starting a month before it). */
export const MAX_EVENT_MS = 31 * 86_400_000;
/** Longest range one list may ask for. */
export const MAX_RANGE_MS = 400 * 86_400_000;

function toEvent(event: CalendarEventRecord): CalendarEvent {
  return {
    id: event.id,
    ownerId: event.ownerId,
    kind: event.kind,
    title: event.title,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    contactId: event.contactId ?? null,
    ticketId: event.ticketId ?? null,
    notes: event.notes ?? null,
    cancelled: event.cancelled,
    version: event.version,
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}

function checkSpan(startsAt: Date, endsAt: Date): void {
  if (endsAt.getTime() <= startsAt.getTime()) throw invalidTimeRange('The event must end after it starts');
  if (endsAt.getTime() - startsAt.getTime() > MAX_EVENT_MS) throw invalidTimeRange('An event lasts at most 31 days');
}

/** Whose calendar a new event goes into: a service names the agent, a user schedules in their own. */
function ownerOfNew(caller: Caller, wanted: string | undefined): string {
  if (caller.isService) {
    if (!wanted) throw userRequired();
    return wanted.toLowerCase();
  }
  if (!caller.userId) throw userRequired();
  if (wanted && wanted.toLowerCase() !== caller.userId) throw calendarOwnerForbidden();
  return caller.userId;
}

/** The agent's calendar (L1): only its owner (and admins) see or change an event. */
export interface CalendarRepository {
  /** The caller's events overlapping [from, to), by start. */
  list(caller: Caller, query: CalendarRangeQuery): Promise<CalendarEventList>;
  get(caller: Caller, id: string): Promise<CalendarEvent>;
  create(caller: Caller, body: CreateCalendarEventBody): Promise<CalendarEvent>;
  /** Edits or moves the event when `version` is the stored one (409 with the current event otherwise). */
  update(caller: Caller, id: string, body: PatchCalendarEventBody): Promise<CalendarEvent>;
  /** Marks the event cancelled; cancelling again changes nothing. */
  cancel(caller: Caller, id: string): Promise<CalendarEvent>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Calendar queries, bound to the request's EntityManager. */
    calendarRepository: CalendarRepository;
  }
}

/** Creates the repository over `app.orm`; its `em` is the per-request fork. */
export function createCalendarRepository(app: FastifyInstance): CalendarRepository {
  const assertContact = async (em: EntityManager, contactId: string | null | undefined) => {
    if (!contactId) return;
    const [row] = await em.execute('select 1 from crm.contact where id = ?', [contactId]);
    if (!row) throw contactNotFound(contactId);
  };

  /** The event, if the caller may see it: its owner or an admin; anyone else is told it does not exist. */
  const load = async (em: EntityManager, caller: Caller, id: string, lock = false) => {
    const event = await em.findOne(CalendarEventEntity, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!event || (event.ownerId !== caller.userId && !caller.isAdmin)) throw eventNotFound(id);
    return event;
  };

  /** The event an earlier create with this key made; 409 when the key names another agent's event. */
  const findKeyed = async (em: EntityManager, ownerId: string, externalKey: string): Promise<CalendarEvent | null> => {
    const event = await em.findOne(CalendarEventEntity, { externalKey });
    if (!event) return null;
    if (event.ownerId !== ownerId) throw externalKeyTaken(externalKey);
    return toEvent(event);
  };

  return {
    async list(caller, query) {
      if (!caller.userId) throw userRequired();
      const from = new Date(query.from);
      const to = new Date(query.to);
      if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > MAX_RANGE_MS) {
        throw invalidTimeRange('The range must end after it starts and span at most 400 days');
      }
      const events = await app.orm.em.find(
        CalendarEventEntity,
        {
          ownerId: caller.userId,
          startsAt: { $lt: to, $gte: new Date(from.getTime() - MAX_EVENT_MS) },
          endsAt: { $gt: from },
          ...(query.includeCancelled ? {} : { cancelled: false }),
        },
        { orderBy: { startsAt: 'asc', id: 'asc' } },
      );
      return { items: events.map(toEvent) };
    },

    async get(caller, id) {
      return toEvent(await load(app.orm.em, caller, id));
    },

    async create(caller, body) {
      const ownerId = ownerOfNew(caller, body.ownerId);
      const title = requiredText(body.title, '/title');
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      checkSpan(startsAt, endsAt);
      const keyed = body.externalKey ? await findKeyed(app.orm.em, ownerId, body.externalKey) : null;
      if (keyed) return keyed;
      await assertContact(app.orm.em, body.contactId);
      const now = new Date();
      const event = app.orm.em.create(CalendarEventEntity, {
        id: randomUUID(),
        ownerId,
        kind: body.kind,
        title,
        startsAt,
        endsAt,
        contactId: body.contactId ?? null,
        ticketId: body.ticketId ?? null,
        notes: body.notes ?? null,
        externalKey: body.externalKey ?? null,
        cancelled: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await app.orm.em.flush();
      } catch (error) {
        // The same key created at the same moment: answer the one that won.
        if (!(error instanceof UniqueConstraintViolationException) || !body.externalKey) throw error;
        const winner = await findKeyed(app.orm.em.fork(), ownerId, body.externalKey);
        if (!winner) throw error;
        return winner;
      }
      return toEvent(event);
    },

    async update(caller, id, body) {
      const title = body.title === undefined ? undefined : requiredText(body.title, '/title');
      return app.orm.em.transactional(async (tx) => {
        const event = await load(tx, caller, id, true);
        if (event.version !== body.version) throw versionConflict(toEvent(event));
        if (event.cancelled) throw eventCancelled(id);
        const startsAt = body.startsAt ? new Date(body.startsAt) : event.startsAt;
        const endsAt = body.endsAt ? new Date(body.endsAt) : event.endsAt;
        checkSpan(startsAt, endsAt);
        if (body.contactId !== undefined) await assertContact(tx, body.contactId);
        tx.assign(event, {
          ...(body.kind ? { kind: body.kind } : {}),
          ...(title ? { title } : {}),
          ...(body.contactId !== undefined ? { contactId: body.contactId } : {}),
          ...(body.ticketId !== undefined ? { ticketId: body.ticketId } : {}),
          ...(body.notes !== undefined ? { notes: body.notes } : {}),
          startsAt,
          endsAt,
          version: event.version + 1,
          updatedAt: new Date(),
        });
        return toEvent(event);
      });
    },

    async cancel(caller, id) {
      return app.orm.em.transactional(async (tx) => {
        const event = await load(tx, caller, id, true);
        if (!event.cancelled) tx.assign(event, { cancelled: true, version: event.version + 1, updatedAt: new Date() });
        return toEvent(event);
      });
    },
  };
}

/** Decorates `app.calendarRepository`. */
export const calendarRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('calendarRepository', createCalendarRepository(app));
  },
  { name: 'calendar-repository', dependencies: ['switchboard-orm'] },
);
