import { CalendarEventEntity } from './calendar-event.entity';

export { CalendarEventEntity, type CalendarEventRecord } from './calendar-event.entity';

/** The entities of the crm schema the ORM maps, for the ORM options. */
export const crmEntities = [CalendarEventEntity];
