import { createWidgetParcel } from '@switchboard/widget-sdk';
import './email-widget';

/** The Email widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-email-widget');
