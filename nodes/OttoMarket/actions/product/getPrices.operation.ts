import type { IDataObject } from 'n8n-workflow';

import { catalogFilters, catalogQuery } from './descriptions';
import { skuOrManyOperation } from './lookup';

export const { description, execute } = skuOrManyOperation({
	operation: 'getPrices',
	what: 'prices',
	path: '/v5/products/prices',
	listKey: 'variationPrices',
	manyFields: [catalogFilters()],
	manyQuery: (ctx, i) => catalogQuery(ctx.getNodeParameter('filters', i, {}) as IDataObject),
});
