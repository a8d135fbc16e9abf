// The async boundary: shared singletons (lit, single-spa) are negotiated before any code uses them.
import(/* webpackChunkName: "app" */ './bootstrap');
