export * from './demo-ids';
export * from './demo-people';

/**
 * Fixed ids of the demo data, so each service can seed its own part of one consistent demo
 * (users and queues in identity, their tickets in tickets, their customers in the CRM;
 * customers and tickets also by `demoId`) without reading another's tables.
 */
export const DEMO = {
  password: 'demo',
  users: {
    agent: { id: '00000000-0000-4000-8000-000000000001', email: 'agent@demo.test', name: 'Alex Agent' },
    admin: { id: '00000000-0000-4000-8000-000000000002', email: 'admin@demo.test', name: 'Ada Admin' },
    /** An agent of the Billing team, e.g. outside a canary given to Support. */
    billing: { id: '00000000-0000-4000-8000-000000000003', email: 'billing@demo.test', name: 'Bob Billing' },
  },
  teams: {
    support: { id: '00000000-0000-4000-8000-000000000101', name: 'Support' },
    billing: { id: '00000000-0000-4000-8000-000000000102', name: 'Billing' },
  },
  queues: {
    support: { id: '00000000-0000-4000-8000-000000000201', name: 'Support', fromAddress: 'support@demo.test' },
    billing: { id: '00000000-0000-4000-8000-000000000202', name: 'Billing', fromAddress: 'billing@demo.test' },
  },
  /** A customer the CRM does not know (C9): no demo contact has this address. */
  unknownSender: { name: 'Nora Newcomer', address: 'nora.newcomer@newcomer.example' },
} as const;
