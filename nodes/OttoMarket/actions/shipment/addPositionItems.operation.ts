import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ottoApiRequest } from '../../transport';
import { positionItemsFields, readPositionItems, shipmentLookupFields, shipmentPath } from './common';

const properties: INodeProperties[] = [...shipmentLookupFields(), ...positionItemsFields];

const displayOptions = { show: { resource: ['shipment'], operation: ['addPositionItems'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const { path, ref } = shipmentPath(this, i, '/positionitems');
	const positionItems = readPositionItems(this, i);
	await ottoApiRequest.call(this, { method: 'POST', path, body: positionItems, itemIndex: i });
	return { ...ref, positionItems: positionItems as unknown as IDataObject[], added: positionItems.length };
}
