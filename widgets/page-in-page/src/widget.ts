import { createWidgetParcel } from '@switchboard/widget-sdk';
import './page-in-page-widget';

/** The Page-in-page widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-page-in-page-widget');
