import type { IDataObject } from 'n8n-workflow';

import { catalogFilters, catalogQuery } from './descriptions';
import { skuOrManyOperation } from './lookup';

export const { description, execute } = skuOrManyOperation({
	operation: 'getActiveStatus',
	what: 'active status',
	path: '/v5/products/active-status',
	listKey: 'status',
	manyFields: [catalogFilters()],
	manyQuery: (ctx, i) => catalogQuery(ctx.getNodeParameter('filters', i, {}) as IDataObject),
});
