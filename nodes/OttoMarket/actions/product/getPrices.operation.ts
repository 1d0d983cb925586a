import type { IDataObject } from 'n8n-workflow';

import { catalogFilters, catalogQuery } from './descriptions';
import { skuOrManyOperation } from './lookup';
import { ENDPOINTS } from '../../transport';

export const { description, execute } = skuOrManyOperation({
	operation: 'getPrices',
	what: 'prices',
	list: ENDPOINTS.prices,
	manyFields: [catalogFilters()],
	manyQuery: (ctx, i) => catalogQuery(ctx.getNodeParameter('filters', i, {}) as IDataObject),
});
