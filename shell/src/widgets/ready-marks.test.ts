import { ReadyMarks, WIDGETS_READY_MARK, widgetReadyMark } from './ready-marks';

const marked = (name: string) => performance.getEntriesByName(name).length;

afterEach(() => performance.clearMarks());

describe('ReadyMarks', () => {
  it('marks the page ready once every frame settled the first time', () => {
    const marks = new ReadyMarks();
    marks.begin(['email', 'tickets']);
    marks.settled('email', true);
    marks.settled('email', false);
    expect(marked(WIDGETS_READY_MARK)).toBe(0);
    marks.settled('tickets', true);
    expect(marked(WIDGETS_READY_MARK)).toBe(1);
    marks.settled('tickets', true);
    expect(marked(WIDGETS_READY_MARK)).toBe(1);
  });

  it('is ready at once without frames, and a new composition clears the last marks', () => {
    const marks = new ReadyMarks();
    marks.begin([]);
    expect(marked(WIDGETS_READY_MARK)).toBe(1);
    performance.mark(widgetReadyMark('email'));
    marks.begin(['email']);
    expect(marked(WIDGETS_READY_MARK)).toBe(0);
    expect(marked(widgetReadyMark('email'))).toBe(0);
  });
});
