import { placementsFrom } from './placements';

const TEAM_A = '00000000-0000-4000-8000-000000000101';
const TEAM_B = '00000000-0000-4000-8000-000000000102';

describe('placementsFrom', () => {
  it('counts a widget where a layout shows it, never where it is hidden or absent', () => {
    const placed = placementsFrom([
      { team_id: TEAM_B, items: [{ widget: 'email' }, { widget: 'parcel-tracker' }] },
      { team_id: null, items: [{ widget: 'email' }, { widget: 'parcel-tracker', hidden: true }, { widget: 'calendar' }] },
      { team_id: TEAM_A, items: [{ widget: 'parcel-tracker' }, { widget: 'calendar', hidden: true }] },
    ]);
    expect(placed.get('parcel-tracker')).toEqual({ default: false, teams: [TEAM_A, TEAM_B] });
    expect(placed.get('email')).toEqual({ default: true, teams: [TEAM_B] });
    expect(placed.get('calendar')).toEqual({ default: true, teams: [] });
    expect(placed.has('contacts')).toBe(false);
  });
});
