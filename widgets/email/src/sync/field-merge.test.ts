import { fieldsOf } from '../draft/draft-fields';
import { draft } from '../testing/fake-mail';
import { mergeRemote, resolveConflicts } from './field-merge';

const synced = fieldsOf(draft({ subject: 'Refund', html: '<p>Hello</p>', to: [{ address: 'jana@customer.test' }] }));

describe('mergeRemote (T1, T2)', () => {
  it('applies a field changed elsewhere that this tab did not touch', () => {
    const outcome = mergeRemote({ synced, local: synced, touched: new Set() }, { subject: 'Refund approved' });
    expect(outcome).toEqual({ apply: { subject: 'Refund approved' }, conflicts: [] });
  });

  it('leaves alone a field that did not change elsewhere, even while this tab edits it', () => {
    const local = { ...synced, subject: 'Mine' };
    const outcome = mergeRemote({ synced, local, touched: new Set(['subject']) }, { ...synced });
    expect(outcome).toEqual({ apply: {}, conflicts: [] });
  });

  it('reports a conflict only for the fields both sides changed, and applies the rest', () => {
    const local = { ...synced, subject: 'Mine', important: true };
    const remote = { ...synced, subject: 'Theirs', html: '<p>Hello there</p>' };
    const outcome = mergeRemote({ synced, local, touched: new Set(['subject', 'important']) }, remote);
    expect(outcome.apply).toEqual({ html: '<p>Hello there</p>' });
    expect(outcome.conflicts).toEqual([{ name: 'subject', yours: 'Mine', theirs: 'Theirs' }]);
  });

  it('applies an edit made on top of what this tab shows, though this tab typed it and has not saved it', () => {
    const local = { ...synced, subject: 'Refund for' };
    const outcome = mergeRemote({ synced, local, touched: new Set(['subject']) }, { subject: 'Refund for order 7781' }, { subject: 'Refund for' });
    expect(outcome).toEqual({ apply: { subject: 'Refund for order 7781' }, conflicts: [] });
  });

  it('agrees when both sides typed the same value; addresses compare without case', () => {
    const local = { ...synced, to: [{ address: 'PETR@customer.test' }] };
    const outcome = mergeRemote({ synced, local, touched: new Set(['to']) }, { to: [{ address: 'petr@customer.test' }] });
    expect(outcome).toEqual({ apply: { to: [{ address: 'petr@customer.test' }] }, conflicts: [] });
  });

  it('does not sync postponing or anything outside the seven fields (T5: attachments neither)', () => {
    const outcome = mergeRemote({ synced, local: synced, touched: new Set() }, { postponed: true });
    expect(outcome).toEqual({ apply: {}, conflicts: [] });
  });
});

describe('resolveConflicts (T3)', () => {
  const conflicts = [
    { name: 'subject' as const, yours: 'Mine', theirs: 'Theirs' },
    { name: 'html' as const, yours: '<p>mine</p>', theirs: '<p>theirs</p>' },
  ];

  it('takes the other value per field where chosen and keeps this tab’s elsewhere', () => {
    expect(resolveConflicts(conflicts, { html: 'theirs' })).toEqual({ apply: { html: '<p>theirs</p>' }, keep: ['subject'] });
  });

  it('Apply all takes every other value; Ignore all keeps every own one', () => {
    expect(resolveConflicts(conflicts, {}, 'theirs')).toEqual({ apply: { subject: 'Theirs', html: '<p>theirs</p>' }, keep: [] });
    expect(resolveConflicts(conflicts, {}, 'yours')).toEqual({ apply: {}, keep: ['subject', 'html'] });
  });
});
