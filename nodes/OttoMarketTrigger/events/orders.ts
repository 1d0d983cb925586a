import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { simplifyOn } from '../../OttoMarket/actions/common.descriptions';
import { simplifyOrder } from '../../OttoMarket/helpers/orderRules';
import { ENDPOINTS } from '../../OttoMarket/transport';
import { firstEntry, toMs } from '../helpers';
import type { EventQuery } from './types';

/** Order events offer the same Simplify as Order → Get Many, so their items look the same. */
export const orderSimplify = simplifyOn;

/**
 * `GET /v4/orders`, oldest lifecycle change first (`fromDate` filters by lifecycle change); `orderDirection=DESC`
 * lists the same orders latest change first (docs/otto-api.md, Orders v4).
 */
export function ordersQuery(qs: IDataObject): EventQuery {
	return { list: ENDPOINTS.orders, qs: { ...qs, orderDirection: 'ASC' }, order: 'asc', newestFirst: { orderDirection: 'DESC' } };
}

/** The date `fromDate` filters and the list is sorted by. */
export function lifecycleDate(order: IDataObject): number {
	const lifecycle = order.orderLifecycleInformation as IDataObject | undefined;
	return toMs(lifecycle?.lifecycleChangeDate ?? order.lastModifiedDate);
}

export function positionItems(order: IDataObject): IDataObject[] {
	return Array.isArray(order.positionItems) ? (order.positionItems as IDataObject[]) : [];
}

export async function orderOutput(this: IPollFunctions, order: IDataObject): Promise<IDataObject> {
	return this.getNodeParameter('simplify', true) ? simplifyOrder(order) : order;
}

/** The order that changed last among those matching `qs`. */
export async function newestOrder(this: IPollFunctions, qs: IDataObject): Promise<IDataObject | undefined> {
	return await firstEntry(this, ENDPOINTS.orders, { ...qs, orderDirection: 'DESC' });
}
