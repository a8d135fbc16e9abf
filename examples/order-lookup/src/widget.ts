import { createWidgetParcel } from '@switchboard/widget-sdk';
import './order-lookup-widget';

/** The Order lookup widget as a single-spa parcel: the module Module Federation exposes as `./widget`. */
export default createWidgetParcel('order-lookup-widget');
