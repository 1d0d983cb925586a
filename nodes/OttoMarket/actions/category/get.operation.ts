import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { CATEGORIES } from '../../methods/catalog';
import { ottoRequestBody } from '../../transport';
import { readItems } from '../../transport/pagination';
import { categoryLocator, locatorValue } from '../locators';
import { requireString } from '../params';

const properties: INodeProperties[] = [
	{
		...categoryLocator('category', 'Category', 'An OTTO category; its category group holds the attribute definitions'),
		required: true,
	},
];

const displayOptions = { show: { resource: ['category'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const category = requireString(this, i, 'Category', locatorValue(this.getNodeParameter('category', i, '')));
	const body = await ottoRequestBody.call(this, { method: 'GET', path: CATEGORIES.path, qs: { category }, itemIndex: i });
	const group = readItems(body, CATEGORIES.listKey).find((g) => ((g.categories as unknown[]) ?? []).includes(category));
	if (!group) {
		throw new NodeOperationError(this.getNode(), `OTTO has no category "${category}"`, {
			itemIndex: i,
			description: 'Category names are exact (case and blanks count); pick one from the list.',
		});
	}
	return group;
}
