/**
 * Registry of route modules. To add an interface: write `routes/<name>.ts` exporting a RouteModule
 * (interfaces → scope, routes → handlers) and list it here. The server core needs no change.
 */
import type { RouteModule } from '../router';
import { availabilityRoutes } from './availability';
import { developerRoutes } from './developer';
import { ordersRoutes } from './orders';
import { priceReductionsRoutes } from './priceReductions';
import { productsRoutes } from './products';
import { receiptsRoutes } from './receipts';
import { returnsRoutes } from './returns';
import { returnsWarehouseRoutes } from './returnsWarehouse';
import { shipmentsRoutes } from './shipments';
import { shippingProfilesRoutes } from './shippingProfiles';
import { spaReportingRoutes } from './spaReporting';
import { sponsoredProductAdsRoutes } from './sponsoredProductAds';

export const ROUTE_MODULES: RouteModule[] = [
	developerRoutes,
	ordersRoutes,
	shipmentsRoutes,
	returnsRoutes,
	receiptsRoutes,
	priceReductionsRoutes,
	productsRoutes,
	availabilityRoutes,
	shippingProfilesRoutes,
	returnsWarehouseRoutes,
	sponsoredProductAdsRoutes,
	spaReportingRoutes,
];
