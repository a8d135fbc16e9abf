import { checkBody } from './liquid';
import { renderAnswer } from './render-answer';

const part = (body: string, kind: 'frame' | 'answer' = 'answer') => ({ body, variables: checkBody(body, kind).variables });
const frame = part('<p>Hello {{ contact.firstName }},</p>{{ content }}<p>{{ agent.name }}</p>', 'frame');

describe('checkBody', () => {
  it('lists the variables a body uses, once each, in order', () => {
    expect(frame.variables).toEqual(['contact.firstName', 'content', 'agent.name']);
    expect(checkBody('{% if ticket.number %}#{{ ticket.number }}{% endif %} {{ company.name | upcase }}', 'answer').variables).toEqual([
      'ticket.number',
      'company.name',
    ]);
  });

  it.each([
    ['{{ contact.nmae }}', 'contact.nmae'],
    ['{{ ticket }}', 'ticket'],
    ['{{ content }}', 'content'],
    ['{% if secret.key %}x{% endif %}', 'secret.key'],
  ])('refuses the unknown variable in %s, naming it', (body, name) => {
    expect(() => checkBody(body, 'answer')).toThrow(expect.objectContaining({ statusCode: 400, code: 'UNKNOWN_VARIABLE', details: { name } }));
  });

  it.each(['{% include "x" %}', '{% render "x" %}', '{% for i in (1..9) %}x{% endfor %}', '{{ contact.name | nofilter }}', '{% if %}', '{{ contact.name'])(
    'refuses %s as no valid template',
    (body) => {
      expect(() => checkBody(body, 'answer')).toThrow(expect.objectContaining({ code: 'INVALID_TEMPLATE' }));
    },
  );

  it('wants exactly one content slot in a frame', () => {
    expect(() => checkBody('<p>Hi</p>', 'frame')).toThrow(expect.objectContaining({ code: 'INVALID_TREE' }));
    expect(() => checkBody('{{ content }}{{ content }}', 'frame')).toThrow(expect.objectContaining({ code: 'INVALID_TREE' }));
  });
});

describe('renderAnswer', () => {
  const context = { contact: { name: 'Jana Nováková' }, agent: { name: 'Alex Agent' }, ticket: { number: 42 } };

  it('renders the answer inside its frame, first names from full names', () => {
    const result = renderAnswer({ answer: part('<p>Refund for #{{ ticket.number }}.</p>'), frame }, context);
    expect(result).toEqual({
      html: '<p>Hello Jana,</p><p>Refund for #42.</p><p>Alex Agent</p>',
      text: 'Hello Jana,\nRefund for #42.\nAlex Agent',
      preview: '<p>Hello Jana,</p><p>Refund for #42.</p><p>Alex Agent</p>',
      missing: [],
    });
  });

  it('asks for a value the page lacks instead of rendering it empty, and takes what the agent typed', () => {
    const answer = part('<p>Your order for {{ company.name }}.</p>');
    const asked = renderAnswer({ answer, frame }, context);
    expect(asked.html).toBeNull();
    expect(asked.missing).toEqual(['company.name']);
    expect(asked.preview).toContain('<mark data-variable="company.name">[company.name]</mark>');
    expect(asked.preview).not.toMatch(/\{\{|sbmissing/);
    expect(renderAnswer({ answer, frame }, context, { 'company.name': 'Vltava s.r.o.' }).html).toContain('Your order for Vltava s.r.o.');
  });

  it('escapes values and keeps markup out of the result', () => {
    const answer = part('<p>{{ contact.name }} {{ "<img src=x onerror=alert(1)>" | raw }}</p>');
    const result = renderAnswer({ answer, frame: null }, { contact: { name: '<script>alert(1)</script> $& Jana' } });
    expect(result.html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; $&amp; Jana </p>');
  });

  it('ignores typed values for names that are no variables', () => {
    const result = renderAnswer({ answer: part('<p>{{ queue.name }}</p>'), frame: null }, {}, { __proto__: 'x', 'queue.name': 'Support' } as Record<string, string>);
    expect(result.html).toBe('<p>Support</p>');
  });
});
