import { createWidgetParcel } from '@switchboard/widget-sdk';
import './templates-widget';

/** The Templates widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-templates-widget');
