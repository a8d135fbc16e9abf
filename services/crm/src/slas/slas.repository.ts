import type { Sla } from '@switchboard/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { slaNotFound } from '../errors';

/** SLA plans (C7): every agent reads them, as the company records naming them. */
export interface SlasRepository {
  /** One plan; throws SLA_NOT_FOUND. */
  get(ref: string): Promise<Sla>;
}

declare module 'fastify' {
  interface FastifyInstance {
    slasRepository: SlasRepository;
  }
}

interface SlaRow {
  ref: string;
  name_cs: string;
  name_en: string;
  first_response_minutes: number;
  resolution_hours: number;
  coverage: Sla['coverage'];
  channels: Sla['channels'];
}

const toSla = (row: SlaRow): Sla => ({
  ref: row.ref,
  name: { cs: row.name_cs, en: row.name_en },
  firstResponseMinutes: row.first_response_minutes,
  resolutionHours: row.resolution_hours,
  coverage: row.coverage,
  channels: row.channels,
});

export const slasRepositoryPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('slasRepository', {
      async get(ref) {
        const [row] = await app.orm.em.execute<SlaRow[]>('select * from crm.sla where ref = ?', [ref]);
        if (!row) throw slaNotFound(ref);
        return toSla(row);
      },
    } satisfies SlasRepository);
  },
  { name: 'slas-repository', dependencies: ['switchboard-orm'] },
);
