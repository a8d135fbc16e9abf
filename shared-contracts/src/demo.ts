/**
 * Fixed ids of the demo data, so each service can seed its own part of one consistent demo
 * (users and queues in identity, their tickets in tickets) without reading another's tables.
 */
export const DEMO = {
  password: 'demo',
  users: {
    agent: { id: '00000000-0000-4000-8000-000000000001', email: 'agent@demo.test', name: 'Alex Agent' },
    admin: { id: '00000000-0000-4000-8000-000000000002', email: 'admin@demo.test', name: 'Ada Admin' },
  },
  teams: {
    support: { id: '00000000-0000-4000-8000-000000000101', name: 'Support' },
  },
  queues: {
    support: { id: '00000000-0000-4000-8000-000000000201', name: 'Support', fromAddress: 'support@demo.test' },
    billing: { id: '00000000-0000-4000-8000-000000000202', name: 'Billing', fromAddress: 'billing@demo.test' },
  },
} as const;
