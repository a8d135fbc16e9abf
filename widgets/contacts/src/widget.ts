import { createWidgetParcel } from '@switchboard/widget-sdk';
import './contacts-widget';

/** The Contacts widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-contacts-widget');
