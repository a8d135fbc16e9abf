import { createWidgetParcel } from '@switchboard/widget-sdk';
import './tickets-widget';

/** The Tickets widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-tickets-widget');
