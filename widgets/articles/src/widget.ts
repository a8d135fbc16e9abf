import { createWidgetParcel } from '@switchboard/widget-sdk';
import './articles-widget';

/** The Articles widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('sb-articles-widget');
