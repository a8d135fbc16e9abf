import { createWidgetParcel } from '@switchboard/widget-sdk';
import './calendar-widget';

/** The Calendar widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-calendar-widget');
