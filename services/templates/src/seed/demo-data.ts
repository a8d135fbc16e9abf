import { DEMO, demoId, type Locale, type MacroAction, type TemplateKind, type TemplateScope } from '@switchboard/contracts';

/** One demo template; `parent` names another by its key. */
export interface DemoTemplate {
  key: string;
  kind: TemplateKind;
  parent?: string;
  name: string;
  folder: string;
  language: Locale;
  body: string;
  scope: TemplateScope;
  teamId?: string;
}

/** One demo macro. */
export interface DemoMacro {
  key: string;
  name: string;
  actions: MacroAction[];
  scope: TemplateScope;
  teamId?: string;
}

/** The id of a demo template or macro, the same in every environment (e2e tests name them). */
export const demoTemplateId = (key: string) => demoId(`template:${key}`);
export const demoMacroId = (key: string) => demoId(`macro:${key}`);

const support = DEMO.teams.support.id;

/** Frames with a greeting and a signature, and answers inside them, in Czech and English. */
export const DEMO_TEMPLATES: DemoTemplate[] = [
  {
    key: 'frame-en', kind: 'frame', name: 'Greeting and signature', folder: '', language: 'en', scope: 'everyone',
    body: '<p>Hello {{ contact.firstName }},</p>{{ content }}<p>Kind regards,<br />{{ agent.name }}<br />{{ queue.name }} team</p>',
  },
  {
    key: 'frame-cs', kind: 'frame', name: 'Pozdrav a podpis', folder: '', language: 'cs', scope: 'everyone',
    body: '<p>Dobrý den, {{ contact.name }},</p>{{ content }}<p>S pozdravem<br />{{ agent.name }}<br />tým {{ queue.name }}</p>',
  },
  {
    key: 'refund-en', kind: 'answer', parent: 'frame-en', name: 'Refund approved', folder: 'Billing', language: 'en', scope: 'everyone',
    body: '<p>your refund for ticket #{{ ticket.number }} was approved. The money will be back on your account within 5 working days.</p>',
  },
  {
    key: 'refund-cs', kind: 'answer', parent: 'frame-cs', name: 'Vrácení peněz schváleno', folder: 'Fakturace', language: 'cs', scope: 'everyone',
    body: '<p>vrácení peněz k požadavku č. {{ ticket.number }} jsme schválili. Peníze budou na Vašem účtu do 5 pracovních dnů.</p>',
  },
  {
    key: 'password-en', kind: 'answer', parent: 'frame-en', name: 'Password reset', folder: 'Accounts', language: 'en', scope: 'everyone',
    body: '<p>you can set a new password at any time with <strong>Forgot password</strong> on the login page.</p>',
  },
  {
    key: 'delivery-cs', kind: 'answer', parent: 'frame-cs', name: 'Zpožděná dodávka', folder: 'Doprava', language: 'cs', scope: 'everyone',
    body: '<p>omlouváme se za zpoždění zásilky pro {{ company.name }}. Dodávku jsme urgovali u dopravce.</p>',
  },
  {
    key: 'escalated-en', kind: 'answer', parent: 'frame-en', name: 'Escalated to second line', folder: 'Support', language: 'en', scope: 'team', teamId: support,
    body: '<p>I have passed "{{ ticket.title }}" to our specialists; they will get back to you within one working day.</p>',
  },
];

/** Macros the demo's agents may run after a send (E13). */
export const DEMO_MACROS: DemoMacro[] = [
  {
    key: 'close-solved', name: 'Close as solved', scope: 'everyone',
    actions: [
      { type: 'setStatus', status: 'closed' },
      { type: 'addTags', tags: ['solved'] },
      { type: 'addNote', text: 'Closed as solved after the reply.' },
    ],
  },
  {
    key: 'wait-customer', name: 'Wait for the customer', scope: 'team', teamId: support,
    actions: [
      { type: 'setStatus', status: 'pending' },
      { type: 'followUp', inHours: 48, title: 'Did the customer answer?' },
    ],
  },
];
