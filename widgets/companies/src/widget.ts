import { createWidgetParcel } from '@switchboard/widget-sdk';
import './companies-widget';

/** The Companies widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-companies-widget');
